package io.vigil.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.events.Topics;
import io.vigil.events.Vault;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.OidcServer;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.ServiceProcess;

/**
 * alert-service is killed (SIGKILL) after an alert was committed and before its event was published; the next
 * instance publishes it, exactly once.
 */
class OutboxCrashIT {

    static final String SUBSCRIPTION = "sub-crash";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static KafkaBroker kafka;
    static PostgresServer postgres;
    static OidcServer oidc;
    static Map<String, String> config;

    @BeforeAll
    static void start() {
        kafka = new KafkaBroker(3).start().createVigilTopics();
        postgres = new PostgresServer().start("vigil_alerts");
        oidc = new OidcServer().start();
        config = new HashMap<>(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", oidc.issuer(),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl("vigil_alerts"),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl("vigil_alerts"),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD));
    }

    @AfterAll
    static void stop() {
        oidc.close();
        postgres.close();
        kafka.close();
    }

    @Test
    void aChangeCommittedBeforeACrashIsPublishedOnceAfterRestart() throws Exception {
        Path root = Path.of(System.getProperty("vigil.root.dir"));
        Detection detection = detection();
        String token = oidc.tokenFor(Set.of("vigil-viewer"), List.of(SUBSCRIPTION));

        Map<String, String> holding = new HashMap<>(config);
        holding.put("vigil.alert.outbox.relay-enabled", "false");
        ServiceProcess first = ServiceProcess.start(root, "alert-service", holding).awaitReady(Duration.ofSeconds(120));
        String alertId;
        try (KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.DETECTIONS, detection.correlationKey(),
                    JSON.writeValueAsString(detection))).awaitCompletion(Duration.ofSeconds(20));
            alertId = await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(first.url())
                    .auth().oauth2(token).get("/api/v1/alerts").then().statusCode(200).extract().jsonPath()
                    .getString("[0].id"), java.util.Objects::nonNull);
            first.crash();

            var published = companion.consumeStrings().fromTopics(Topics.ALERTS);
            assertThat(published.awaitNoRecords(Duration.ofSeconds(2)).getRecords())
                    .as("nothing was published before the crash").isEmpty();

            try (ServiceProcess second = ServiceProcess.start(root, "alert-service", config)
                    .awaitReady(Duration.ofSeconds(120))) {
                String id = alertId;
                await().atMost(Duration.ofSeconds(30)).until(() -> published.getRecords().stream()
                        .anyMatch(r -> r.value().contains(id)));
                // a grace period for a duplicate to show up, then count
                Thread.sleep(3000);
                List<JsonNode> forAlert = published.getRecords().stream().map(r -> read(r.value()))
                        .filter(e -> e.get("alertId").asText().equals(id)).toList();
                assertThat(forAlert).hasSize(1);
                assertThat(forAlert.get(0).get("change").asText()).isEqualTo("CREATED");
                assertThat(forAlert.get(0).get("version").asLong()).isEqualTo(1);
            }
            published.stop();
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Detection detection() {
        Instant time = Instant.parse("2026-11-21T08:00:00Z");
        Vault vault = new Vault("/subscriptions/" + SUBSCRIPTION + "/vaults/kv-crash", "kv-crash");
        String eventId = DeterministicId.of("crash", time.toString());
        String key = String.join("|", SUBSCRIPTION, "KV_TORAccess", vault.id(), "oid-crash");
        return new Detection(DeterministicId.of("KV_TORAccess", eventId), Detection.SCHEMA_VERSION,
                AlertType.KV_TORAccess, SUBSCRIPTION, Source.AZURE_KEY_VAULT, vault,
                new Principal(PrincipalType.USER, "oid-crash", "crash@contoso.com", null, null),
                new AccessEvent.Client("185.220.101.45", "curl/8"), new IpEnrichment(true, List.of(), false, false),
                AlertType.KV_TORAccess.severity(), AlertType.KV_TORAccess.tactics(),
                AlertType.KV_TORAccess.techniques(), time, time,
                new Evidence("crash@contoso.com read secret s in vault kv-crash from a Tor exit node.", Map.of()),
                List.of(new AccessedObject("https://kv-crash.vault.azure.net/secrets/s", "s", "SecretGet", time)),
                1, List.of(eventId), key);
    }
}
