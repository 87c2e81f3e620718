package io.vigil.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import io.vigil.ingest.threatintel.ListLoader;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.OidcResource;

/** Threat-intel lists end to end inside the service: configured lists, enrichment on Kafka, the status API, reload. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class ThreatIntelResourceTest {

    static final Path BLOCKLIST = Path.of("src/test/resources/threat-intel/blocklist.txt");
    static final Path RELOADABLE = Path.of("target/threat-intel/reloadable.txt");

    private final ObjectMapper mapper = new ObjectMapper();

    static String token(String role) {
        return OidcResource.server().tokenFor(Set.of(role), List.of("sub-a"));
    }

    static String version(Path file) throws Exception {
        return ListLoader.version(Files.readAllBytes(file));
    }

    static JsonPath lists(String role) {
        return given().auth().oauth2(token(role)).when().get("/api/v1/threat-intel")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    /** Posts one SecretGet from the IP and returns the event as it arrived on Kafka. */
    JsonNode ingestFrom(String ip) throws Exception {
        String correlationId = UUID.randomUUID().toString();
        String record = IngestResourceTest.TOR_SECRET_GET.replace("185.220.101.45", ip)
                .replace("c0ffee00-0000-4000-8000-000000000001", correlationId);
        given().auth().oauth2(IngestResourceTest.ingestToken("sub-a")).contentType("application/json")
                .body("{\"records\":[" + record + "]}")
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(202).body("accepted", equalTo(1));
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            ConsumerTask<String, String> task = kafka.consumeStrings().fromTopics(Topics.ACCESS_EVENTS);
            try {
                ConsumerRecord<String, String> found = await().atMost(Duration.ofSeconds(20))
                        .until(() -> task.getRecords().stream()
                                .filter(r -> r.value().contains(correlationId)).findFirst(), Optional::isPresent)
                        .orElseThrow();
                return mapper.readTree(found.value());
            } finally {
                task.stop();
            }
        }
    }

    @Test
    void addressOnAMaliciousListNamesTheListAndItsVersion() throws Exception {
        JsonNode ip = ingestFrom("203.0.113.9").get("ip");

        assertThat(ip.at("/threatLists/0/name").asText()).isEqualTo("test-blocklist");
        assertThat(ip.at("/threatLists/0/version").asText()).isEqualTo(version(BLOCKLIST));
        assertThat(ip.get("threatLists")).hasSize(1);
        assertThat(ip.get("trustedNetwork").asBoolean()).isFalse();
        assertThat(ip.get("tor").asBoolean()).isFalse();
    }

    @Test
    void addressOnATrustedListIsTrustedAndKeepsItsOtherFacts() throws Exception {
        JsonNode office = ingestFrom("192.0.2.10").get("ip");
        assertThat(office.get("trustedNetwork").asBoolean()).isTrue();
        assertThat(office.get("threatLists")).isEmpty();

        JsonNode both = ingestFrom("203.0.113.200").get("ip");
        assertThat(both.get("trustedNetwork").asBoolean()).isTrue();
        assertThat(both.at("/threatLists/0/name").asText()).isEqualTo("test-blocklist");
    }

    @Test
    void statusShowsEveryListWithCountsVersionsAndState() throws Exception {
        JsonPath admin = lists("vigil-admin");
        assertThat(admin.getList("lists.name")).containsExactly("test-blocklist", "test-drop", "test-office",
                "test-reloadable", "tor");

        String blocklist = "lists.find { it.name == 'test-blocklist' }.";
        assertThat(admin.getString(blocklist + "kind")).isEqualTo("malicious");
        assertThat(admin.getString(blocklist + "format")).isEqualTo("plain");
        assertThat(admin.getString(blocklist + "location")).isEqualTo(BLOCKLIST.toString());
        assertThat(admin.getInt(blocklist + "entries")).isEqualTo(2);
        assertThat(admin.getInt(blocklist + "skipped")).isZero();
        assertThat(admin.getString(blocklist + "version")).isEqualTo(version(BLOCKLIST));
        assertThat(admin.getString(blocklist + "fetchedAt")).isNotBlank();
        assertThat(admin.getBoolean(blocklist + "stale")).isFalse();
        assertThat(admin.getBoolean(blocklist + "active")).isTrue();
        assertThat(admin.getString(blocklist + "lastError")).isNull();
        assertThat(admin.getLong(blocklist + "maxAgeSeconds")).isEqualTo(Duration.ofDays(36500).toSeconds());

        String office = "lists.find { it.name == 'test-office' }.";
        assertThat(admin.getString(office + "kind")).isEqualTo("trusted");
        assertThat(admin.getString(office + "location")).isEqualTo("src/test/resources/threat-intel/trusted.txt");
        assertThat(admin.getInt("lists.find { it.name == 'tor' }.entries")).isEqualTo(3);

        String drop = "lists.find { it.name == 'test-drop' }.";
        assertThat(admin.getString(drop + "format")).isEqualTo("spamhaus-drop");
        assertThat(admin.getBoolean(drop + "enabled")).isFalse();
        assertThat(admin.getBoolean(drop + "active")).isFalse();
        assertThat(admin.getString(drop + "version")).isNull();

        assertThat(lists("vigil-ingest").getList("lists.name")).hasSize(5);
    }

    @Test
    void readinessReportsTheFirstLoadsDone() {
        // the overall status also covers Kafka; only the threat-intel check is this test's business
        assertThat(given().when().get("/q/health/ready").then().extract().jsonPath()
                .getString("checks.find { it.name == 'threat-intel' }.status")).isEqualTo("UP");
    }

    @Test
    void statusNeedsAdminOrIngestRole() {
        given().auth().oauth2(token("vigil-viewer")).when().get("/api/v1/threat-intel")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().get("/api/v1/threat-intel")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void rewrittenListFileIsReloadedAndMatchedWithItsNewVersion() throws Exception {
        String first = write("198.51.100.0/24\n");
        awaitVersion(first);
        given().auth().oauth2(token("vigil-admin")).when().get("/api/v1/threat-intel")
                .then().statusCode(200)
                .body("lists.find { it.name == 'test-reloadable' }.entries", equalTo(1))
                .body("lists.find { it.name == 'test-reloadable' }.lastError", nullValue());

        String second = write("198.51.100.0/25\n198.51.100.200\n");
        awaitVersion(second);
        JsonNode ip = ingestFrom("198.51.100.200").get("ip");
        assertThat(ip.at("/threatLists/0/name").asText()).isEqualTo("test-reloadable");
        assertThat(ip.at("/threatLists/0/version").asText()).isEqualTo(second);
    }

    /** Writes the list the way a download job should: complete in a temporary file, then renamed into place. */
    private static String write(String entries) throws Exception {
        Files.createDirectories(RELOADABLE.getParent());
        byte[] content = ("# written by ThreatIntelResourceTest " + UUID.randomUUID() + "\n" + entries)
                .getBytes(StandardCharsets.UTF_8);
        Path temporary = Files.write(RELOADABLE.resolveSibling("reloadable.txt.tmp"), content);
        Files.move(temporary, RELOADABLE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return ListLoader.version(content);
    }

    private static void awaitVersion(String version) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> lists("vigil-admin").getString("lists.find { it.name == 'test-reloadable' }.version"),
                        version::equals);
    }
}
