package io.vigil.detection.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.detection.TestEvents;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.DetectionException;
import io.vigil.events.SubscriptionConfig;

/** Falco semantics: every field of an exception must match one of its values, for one of its alert types. */
class DetectionExceptionsTest {

    private static final AccessEvent ALICE_READS = TestEvents.by(TestEvents.ALICE).from("203.0.113.10")
            .at(Instant.parse("2026-11-20T10:00:00Z"));

    @Test
    void everyFieldMustMatchOneOfItsValues() {
        assertThat(match(Map.of("principal.upn", List.of("ALICE@contoso.com", "x@contoso.com"),
                "vault.name", List.of("kv-prod")))).isEqualTo("e");
        assertThat(match(Map.of("principal.upn", List.of("alice@contoso.com"), "vault.name", List.of("kv-dev"))))
                .isNull();
    }

    @Test
    void onlyTheListedAlertTypesAreExcepted() {
        SubscriptionConfig config = config(List.of("KV_UserAnomaly"), Map.of("client.ip", List.of("203.0.113.10")));
        assertThat(DetectionExceptions.matching(config, AlertType.KV_UserAnomaly, ALICE_READS)).isEqualTo("e");
        assertThat(DetectionExceptions.matching(config, AlertType.KV_TORAccess, ALICE_READS)).isNull();
    }

    @Test
    void anUnknownFieldOrNoFieldsExceptNothing() {
        assertThat(match(Map.of("principal.upnn", List.of("alice@contoso.com")))).isNull();
        assertThat(match(Map.of())).isNull();
    }

    private static String match(Map<String, List<String>> fields) {
        return DetectionExceptions.matching(config(List.of("*"), fields), AlertType.KV_UserAnomaly, ALICE_READS);
    }

    private static SubscriptionConfig config(List<String> types, Map<String, List<String>> fields) {
        return new SubscriptionConfig(SubscriptionConfig.SCHEMA_VERSION, "sub-a", true, List.of(), Instant.EPOCH,
                List.of(new DetectionException("e", types, fields)));
    }
}
