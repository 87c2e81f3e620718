package io.vigil.detection.domain;

import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.by;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.vigil.detection.Harness;
import io.vigil.detection.NormalTraffic;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.OperationKind;
import io.vigil.events.Source;
import io.vigil.events.Vault;

/** Detectors reason on operation kinds, so the same history and attack in another product's names fire the same. */
class SourcesTest {

    private static final Instant ATTACK = NormalTraffic.START.plus(Duration.ofDays(14)).plus(Duration.ofHours(10));

    enum Product {
        AZURE(Source.AZURE_KEY_VAULT, "SecretList", "SecretGet", "kv-prod"),
        HASHICORP(Source.HASHICORP_VAULT, "list", "read", "vault-eu-1/secret"),
        AWS(Source.AWS_SECRETS_MANAGER, "ListSecrets", "GetSecretValue", "arn:aws:secretsmanager:eu-west-1:1234");

        final Source source;
        final String list;
        final String read;
        final String vaultId;

        Product(Source source, String list, String read, String vaultId) {
            this.source = source;
            this.list = list;
            this.read = read;
            this.vaultId = vaultId;
        }

        AccessEvent translate(AccessEvent event) {
            String name = event.operation().kind() == OperationKind.SECRET_LIST ? list
                    : event.operation().kind() == OperationKind.SECRET_READ ? read : event.operation().name();
            Vault vault = new Vault(vaultId + "#" + event.vault().name(), event.vault().name());
            return new AccessEvent(event.eventId(), event.schemaVersion(), event.subscriptionId(), source, vault,
                    event.time(), event.receivedAt(), new AccessEvent.Operation(name, event.operation().kind()),
                    event.object(), event.result(), event.principal(), event.client(), event.correlationId(),
                    event.ip());
        }
    }

    @ParameterizedTest
    @EnumSource(Product.class)
    void listThenReadFiresForEveryProduct(Product product) {
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(14).stream().map(product::translate).toList());
            harness.send(List.of(by(ALICE).from(NormalTraffic.ALICE_IP).lists().at(ATTACK),
                    by(ALICE).from(NormalTraffic.ALICE_IP).reads("db-password").at(ATTACK.plusSeconds(30)))
                    .stream().map(product::translate).toList());

            assertThat(harness.detections(AlertType.KV_ListGetAnomaly)).singleElement()
                    .satisfies(d -> assertThat(d.source()).isEqualTo(product.source));
            // listing alone is no longer an unusual operation kind (KV_OperationPatternAnomaly): the sequence is
            assertThat(harness.detections().stream().map(d -> d.alertType()).distinct())
                    .containsExactly(AlertType.KV_ListGetAnomaly);
        }
    }
}
