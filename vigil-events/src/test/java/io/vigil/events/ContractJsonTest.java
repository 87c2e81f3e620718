package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The wire form of the contracts: field names as DESIGN.md gives them, ISO times, and lossless round trips. */
class ContractJsonTest {

    // configured as Quarkus configures its ObjectMapper
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static AccessEvent event() {
        Instant time = Instant.parse("2026-11-20T10:15:00.1234567Z");
        return new AccessEvent("e1", AccessEvent.SCHEMA_VERSION, "sub-a", Source.AZURE_KEY_VAULT,
                new Vault("/subscriptions/sub-a/vaults/kv-prod", "kv-prod"), time, time.plusSeconds(30),
                new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ),
                new AccessEvent.ObjectRef(ObjectType.SECRET, "https://kv-prod.vault.azure.net/secrets/db", "db"),
                new AccessEvent.Result(Outcome.DENIED, 403, "Forbidden"),
                new Principal(PrincipalType.USER, "oid-1", "a@contoso.com", "app-1", null),
                new AccessEvent.Client("185.220.101.45", "curl/8"), "corr-1",
                new IpEnrichment(true, List.of(new IpEnrichment.ThreatListMatch("feodo", "ab12")), false, false));
    }

    @Test
    void accessEventRoundTripsWithTheAgreedFieldNames() throws Exception {
        String json = mapper.writeValueAsString(event());
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(tree.get("time").asText()).isEqualTo("2026-11-20T10:15:00.123456700Z");
        assertThat(tree.at("/operation/kind").asText()).isEqualTo("SECRET_READ");
        assertThat(tree.at("/result/outcome").asText()).isEqualTo("DENIED");
        assertThat(tree.at("/ip/threatLists/0/name").asText()).isEqualTo("feodo");
        assertThat(tree.at("/ip/isPrivate").isBoolean()).isTrue();
        assertThat(mapper.readValue(json, AccessEvent.class)).isEqualTo(event());
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() throws Exception {
        String json = mapper.writeValueAsString(event()).replaceFirst("\\{", "{\"addedLater\":42,");
        assertThat(mapper.readValue(json, AccessEvent.class)).isEqualTo(event());
    }

    @Test
    void detectionCarriesTheCatalogClassification() throws Exception {
        AccessEvent e = event();
        Detection detection = new Detection("d1", Detection.SCHEMA_VERSION, AlertType.KV_TORAccess, "sub-a",
                e.source(), e.vault(), e.principal(), e.client(), e.ip(), AlertType.KV_TORAccess.severity(),
                AlertType.KV_TORAccess.tactics(), AlertType.KV_TORAccess.techniques(), e.time(), e.time(),
                new Evidence("summary", Map.of("count", 3)),
                List.of(new AccessedObject("id", "db", "SecretGet", e.time())), 1, List.of("e1"), "key");
        Detection back = mapper.readValue(mapper.writeValueAsString(detection), Detection.class);
        assertThat(back).isEqualTo(detection);
        assertThat(back.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(back.techniques()).containsExactly("T1555.006");
    }

    @Test
    void outcomeComesFromTheHttpStatus() {
        assertThat(Outcome.fromHttpStatus(200)).isEqualTo(Outcome.SUCCESS);
        assertThat(Outcome.fromHttpStatus(302)).isEqualTo(Outcome.SUCCESS);
        assertThat(Outcome.fromHttpStatus(401)).isEqualTo(Outcome.DENIED);
        assertThat(Outcome.fromHttpStatus(403)).isEqualTo(Outcome.DENIED);
        assertThat(Outcome.fromHttpStatus(404)).isEqualTo(Outcome.NOT_FOUND);
        assertThat(Outcome.fromHttpStatus(409)).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.fromHttpStatus(500)).isEqualTo(Outcome.FAILED);
    }

    @Test
    void severitiesOrderAndLabel() {
        assertThat(Severity.HIGH.atLeast(Severity.MEDIUM)).isTrue();
        assertThat(Severity.LOW.atLeast(Severity.MEDIUM)).isFalse();
        assertThat(Severity.MEDIUM.label()).isEqualTo("Medium");
        assertThat(AlertType.values()).hasSize(16);
        assertThat(AlertType.VIGIL_DetectionWeakened.vigilInternal()).isTrue();
        assertThat(AlertType.KV_TORAccess.techniques()).containsExactly(AlertType.TECHNIQUE);
        assertThat(AlertType.KV_TORAccess.vigilInternal()).isFalse();
        assertThat(AlertType.VIGIL_SuppressionRuleChanged.techniques()).containsExactly("T1562");
        assertThat(AlertType.VIGIL_SuppressionRuleChanged.tactics()).containsExactly("Defense Evasion");
        assertThat(AlertType.VIGIL_SuppressionRuleChanged.vigilInternal()).isTrue();
    }

    @Test
    void deterministicIdsSeparateTheirParts() {
        assertThat(DeterministicId.of("a", "b")).isEqualTo(DeterministicId.of("a", "b")).hasSize(32);
        assertThat(DeterministicId.of("ab", "c")).isNotEqualTo(DeterministicId.of("a", "bc"));
    }

    @Test
    void aConfigPublishedBeforeNotificationSettingsExistedReadsAsTheDefaults() throws Exception {
        String old = """
                {"schemaVersion":1,"subscriptionId":"sub-a","protectionEnabled":false,"trustedNetworks":["10.0.0.0/8"],
                 "updatedAt":"2026-11-20T10:15:00Z"}""";
        SubscriptionConfig config = mapper.readValue(old, SubscriptionConfig.class);
        assertThat(config.protectionEnabled()).isFalse();
        assertThat(config.detectionExceptions()).isEmpty();
        assertThat(config.notifications()).isEqualTo(NotificationSettings.defaults());
        assertThat(config.notifications().minimumSeverity()).isEqualTo(Severity.HIGH);
        assertThat(config.exports()).isEmpty();
    }

    @Test
    void aConfigWithNotificationsAndExportsRoundTrips() throws Exception {
        SubscriptionConfig config = new SubscriptionConfig(SubscriptionConfig.SCHEMA_VERSION, "sub-a", true,
                List.of(), Instant.parse("2026-11-20T10:15:00Z"), List.of(),
                new NotificationSettings(true, Severity.MEDIUM, List.of("soc@corp"), List.of("vigil-responder")),
                List.of(new ExportDestination("siem", ExportDestination.Kind.SYSLOG_CEF, "siem:6514", Severity.HIGH,
                        List.of("KV_TORAccess"), null)));
        String json = mapper.writeValueAsString(config);
        assertThat(mapper.readTree(json).at("/exports/0/kind").asText()).isEqualTo("SYSLOG_CEF");
        assertThat(mapper.readValue(json, SubscriptionConfig.class)).isEqualTo(config);
        ExportDestination siem = config.exports().get(0);
        assertThat(siem.accepts(Severity.HIGH, "KV_TORAccess")).isTrue();
        assertThat(siem.accepts(Severity.MEDIUM, "KV_TORAccess")).isFalse();
        assertThat(siem.accepts(Severity.HIGH, "KV_AppAnomaly")).isFalse();
    }
}
