package io.vigil.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jpountz.lz4.LZ4Factory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.OidcResource;

/** The ingest API against a real broker and a real OIDC token flow. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class IngestResourceTest {

    static final String TOR_SECRET_GET = """
            {"time": "2026-11-20T10:15:00.1234567Z", "category": "AuditEvent", "operationName": "SecretGet",
             "resultType": "Success", "resultSignature": "OK", "correlationId": "c0ffee00-0000-4000-8000-000000000001",
             "callerIpAddress": "185.220.101.45",
             "identity": {"claim": {"oid": "11111111-2222-3333-4444-555555555555", "upn": "mallory@contoso.com",
                                    "appid": "04b07795-8ddb-461a-bbee-02f9e1bf7b46"}},
             "properties": {"id": "https://kv-prod.vault.azure.net/secrets/db-password/0123456789abcdef",
                            "clientInfo": "curl/8.5.0", "httpStatusCode": 200},
             "resourceId": "/SUBSCRIPTIONS/SUB-A/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PROD",
             "operationVersion": "7.4", "durationMs": "12"}
            """;

    private final ObjectMapper mapper = new ObjectMapper();

    static String ingestToken(String... subscriptions) {
        return OidcResource.server().tokenFor(Set.of("vigil-ingest"), List.of(subscriptions));
    }

    @Test
    void kafkaCompressesWithTheNativeLz4UnderQuarkusClassLoaderToo() {
        assertThat(LZ4Factory.fastestInstance()).isSameAs(LZ4Factory.nativeInstance());
    }

    @Test
    void acceptedRecordIsOnKafkaEnrichedAndKeyedByVault() throws Exception {
        String body = "{\"records\":[" + TOR_SECRET_GET + "]}";

        JsonNode result = mapper.readTree(given().auth().oauth2(ingestToken("sub-a"))
                .contentType("application/json").body(body)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(202).extract().asString());
        assertThat(result.get("accepted").asInt()).isEqualTo(1);
        assertThat(result.get("rejected")).isEmpty();

        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            var consumer = kafka.consumeStrings().fromTopics(Topics.ACCESS_EVENTS);
            ConsumerRecord<String, String> found = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> consumer.getRecords().stream()
                            .filter(r -> r.value().contains("mallory@contoso.com")).findFirst(),
                            java.util.Optional::isPresent).orElseThrow();
            consumer.stop();
            JsonNode event = mapper.readTree(found.value());
            assertThat(found.key()).isEqualTo("sub-a/" + event.at("/vault/id").asText());
            assertThat(event.at("/vault/name").asText()).isEqualTo("kv-prod");
            assertThat(event.at("/ip/tor").asBoolean()).isTrue();
            assertThat(event.at("/operation/kind").asText()).isEqualTo("SECRET_READ");
            assertThat(event.at("/object/name").asText()).isEqualTo("db-password");
            assertThat(event.at("/result/outcome").asText()).isEqualTo("SUCCESS");
            assertThat(event.at("/principal/objectId").asText()).isEqualTo("11111111-2222-3333-4444-555555555555");
        }
    }

    @Test
    void goodRecordsAreKeptWhenOthersAreRejected() {
        String missingTime = TOR_SECRET_GET.replace("\"time\": \"2026-11-20T10:15:00.1234567Z\",", "");
        String badStatus = TOR_SECRET_GET.replace("\"httpStatusCode\": 200", "\"httpStatusCode\": \"teapot\"");
        String body = TOR_SECRET_GET.replace("\n", " ") + "\n" + missingTime.replace("\n", " ") + "\n"
                + badStatus.replace("\n", " ") + "\n";

        given().auth().oauth2(ingestToken("sub-a")).contentType("application/x-ndjson")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(2))
                .body("rejected[0].index", equalTo(1)).body("rejected[0].field", equalTo("time"))
                .body("rejected[1].index", equalTo(2)).body("rejected[1].field", equalTo("properties.httpStatusCode"));
    }

    @Test
    void resubmittedRecordInOneBatchCountsAsDuplicate() {
        String body = "[" + TOR_SECRET_GET + "," + TOR_SECRET_GET + "]";
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").body(body)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(("{\"records\":[" + TOR_SECRET_GET.replace("c0ffee00", "9zip0000") + "]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").header("Content-Encoding", "gzip")
                .body(bytes.toByteArray())
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void unknownContentEncodingOrBrokenGzipAreProblems() {
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").header("Content-Encoding", "br")
                .body(TOR_SECRET_GET)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").header("Content-Encoding", "gzip")
                .body(TOR_SECRET_GET)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("gzip"));
    }

    @Test
    void bodyOverTheLimitIs413Problem() {
        // the test profile limits bodies to 1 MB
        String huge = "[" + (TOR_SECRET_GET.replace("\n", " ") + ",").repeat(1_500_000 / TOR_SECRET_GET.length())
                + TOR_SECRET_GET + "]";
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").body(huge)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void tooManyRecordsIs413Problem() {
        // the test profile allows 1000 records per request
        String records = ("{}\n").repeat(1001);
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/x-ndjson")
                .body(records.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("1001"));
    }

    @Test
    void aBodyRefusedAsAWholePublishesNoneOfTheValidRecordsReadBeforeItsFault() {
        // records are mapped as they are read, before the body is known to be whole JSON and within the limit
        String refused = "refused-" + java.util.UUID.randomUUID();
        String line = minimalAzureLine(refused);
        post(line + "\n" + line.replace("SecretGet", "SecretList") + "\n{\"time\":").then().statusCode(400);
        post((line + "\n").repeat(1001)).then().statusCode(413).body("detail", containsString("1001"));

        // the same vault, so the same partition: once the fence is there, anything published before it is too
        String fence = "fence-" + java.util.UUID.randomUUID();
        post(minimalAzureLine(fence)).then().statusCode(202).body("accepted", equalTo(1));
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            var consumer = kafka.consumeStrings().fromTopics(Topics.ACCESS_EVENTS);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> consumer.getRecords().stream().anyMatch(r -> r.value().contains(fence)));
            consumer.stop();
            assertThat(consumer.getRecords()).noneMatch(r -> r.value().contains(refused));
        }
    }

    @Test
    void jsonLinesOfEnvelopesAreReadRecordByRecord() {
        // an Event Hubs consumer that writes each message it receives as one line
        String first = "{\"records\":[" + minimalAzureLine("line-1a") + "," + minimalAzureLine("line-1b") + "]}";
        String second = "{\"records\":[" + minimalAzureLine("line-2a") + ",{\"time\":\"yesterday\"}]}";
        post(first + "\n" + second).then().statusCode(202).body("accepted", equalTo(3))
                .body("rejected", hasSize(1)).body("rejected[0].index", equalTo(3))
                .body("rejected[0].field", equalTo("time"));
    }

    private static String minimalAzureLine(String upn) {
        return "{\"time\":\"2026-11-20T10:00:00Z\",\"operationName\":\"SecretGet\",\"resultSignature\":\"OK\","
                + "\"resourceId\":\"/SUBSCRIPTIONS/SUB-A/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-FENCE\","
                + "\"identity\":{\"claim\":{\"upn\":\"" + upn + "@contoso.com\"}}}";
    }

    private static io.restassured.response.Response post(String jsonLines) {
        return given().auth().oauth2(ingestToken("sub-a")).contentType("application/x-ndjson")
                .body(jsonLines.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault");
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfter() {
        // the test profile allows a burst of 20 and then 1 request per second: 40 quick requests must overrun it
        String token = ingestToken("sub-a");
        List<io.restassured.response.Response> responses = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(given().auth().oauth2(token).contentType("application/json").body("not json")
                    .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault"));
        }
        assertThat(responses).extracting(io.restassured.response.Response::statusCode).contains(400, 429);
        io.restassured.response.Response limited = responses.stream().filter(r -> r.statusCode() == 429)
                .findFirst().orElseThrow();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.header("Retry-After")).isNotBlank();
        // another client is not affected
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").body("not json")
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(400);
    }

    @Test
    void eventsOfASubscriptionWhoseProtectionIsOffAreSkipped() throws Exception {
        var off = new io.vigil.events.SubscriptionConfig(io.vigil.events.SubscriptionConfig.SCHEMA_VERSION, "sub-off",
                false, List.of(), java.time.Instant.now());
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            kafka.produceStrings().fromRecords(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.CONFIG,
                    "sub-off", mapper.findAndRegisterModules().writeValueAsString(off)))
                    .awaitCompletion(Duration.ofSeconds(20));
        }
        String token = ingestToken("sub-off");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(token).contentType("application/json").body(TOR_SECRET_GET)
                        .when().post("/api/v1/subscriptions/sub-off/events/azure-keyvault")
                        .then().statusCode(202).body("skipped", equalTo(1)).body("accepted", equalTo(0)));
    }

    @Test
    void aSubscriptionsTrustedNetworksFromTheConfigTopicMarkItsEvents() throws Exception {
        var config = new io.vigil.events.SubscriptionConfig(io.vigil.events.SubscriptionConfig.SCHEMA_VERSION,
                "sub-trusting", true, List.of("185.220.101.0/24"), java.time.Instant.now());
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            kafka.produceStrings().fromRecords(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.CONFIG,
                    "sub-trusting", mapper.findAndRegisterModules().writeValueAsString(config)))
                    .awaitCompletion(Duration.ofSeconds(20));
            String token = ingestToken("sub-trusting");
            String record = TOR_SECRET_GET.replace("mallory@contoso.com", "trusted-probe@contoso.com");
            var consumer = kafka.consumeStrings().fromTopics(Topics.ACCESS_EVENTS);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                given().auth().oauth2(token).contentType("application/json").body(
                        record.replace("c0ffee00", java.util.UUID.randomUUID().toString().substring(0, 8)))
                        .when().post("/api/v1/subscriptions/sub-trusting/events/azure-keyvault")
                        .then().statusCode(202);
                assertThat(consumer.getRecords()).anySatisfy(r -> {
                    JsonNode event = mapper.readTree(r.value());
                    assertThat(event.at("/subscriptionId").asText()).isEqualTo("sub-trusting");
                    assertThat(event.at("/ip/trustedNetwork").asBoolean()).isTrue();
                    assertThat(event.at("/ip/tor").asBoolean()).as("facts are kept").isTrue();
                });
            });
            consumer.stop();
        }
    }

    @Test
    void malformedJsonIsAProblem() {
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").body("{\"records\": [ {")
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("detail", containsString("not valid JSON"));
    }

    @Test
    void unknownFormatIs415() {
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json").body("{\"records\":[]}")
                .when().post("/api/v1/subscriptions/sub-a/events/splunk")
                .then().statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("azure-keyvault"));
    }

    @Test
    void unsupportedContentTypeIs415() {
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/xml").body("<records/>")
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void aBodyNotInUtf8Is415() {
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json")
                .body(TOR_SECRET_GET.getBytes(StandardCharsets.UTF_16))
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", containsString("unsupported-charset")).body("detail", containsString("UTF-8"));
    }

    @Test
    void missingTokenIs401() {
        given().contentType("application/json").body(TOR_SECRET_GET)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void forgedTokenIs401() {
        String token = ingestToken("sub-a");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(forged).contentType("application/json").body(TOR_SECRET_GET)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void tokenWithoutIngestRoleIs403() {
        String viewer = OidcResource.server().tokenFor(Set.of("vigil-viewer"), List.of("sub-a"));
        given().auth().oauth2(viewer).contentType("application/json").body(TOR_SECRET_GET)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anotherTenantsSubscriptionIs403() {
        given().auth().oauth2(ingestToken("sub-b")).contentType("application/json").body(TOR_SECRET_GET)
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("sub-a"));
    }

    @Test
    void aVaultRequestStandsForItsCallWhenItsResponseIsRefused() throws Exception {
        // the sample's denied PKI request, under an id of its own, and a response to it with a broken time
        String request = Files.readAllLines(Path.of("src/test/resources/samples/hashicorp-vault-audit.jsonl")).get(1)
                .replace("24ac580b-805a-d9ee-4d0d-7046932f4e05", UUID.randomUUID().toString());
        String brokenResponse = request.replace("\"type\":\"request\"", "\"type\":\"response\"")
                .replace("2021-07-19T17:19:00.673898225Z", "not a time");
        assertThat(brokenResponse).isNotEqualTo(request).contains("\"type\":\"response\"");
        String token = ingestToken("sub-a");

        given().auth().oauth2(token).contentType("application/x-ndjson")
                .body((request + "\n" + brokenResponse).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/subscriptions/sub-a/events/hashicorp-vault")
                .then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(1)).body("rejected[0].field", equalTo("time"));
        // the control: a readable response stands for the call, and its request repeats it
        String response = brokenResponse.replace("not a time", "2021-07-19T17:19:00.674663552Z");
        given().auth().oauth2(token).contentType("application/x-ndjson")
                .body((request + "\n" + response).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/subscriptions/sub-a/events/hashicorp-vault")
                .then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(1))
                .body("rejected", hasSize(0));
    }

    @Test
    void anOverlongClientIpIsRefusedWithItsRecordNotWithTheBatch() {
        // a value over Kafka's record size would otherwise fail the whole batch with a 503 on every retry
        String overlong = TOR_SECRET_GET.replace("185.220.101.45", "a".repeat(5_000));
        given().auth().oauth2(ingestToken("sub-a")).contentType("application/json")
                .body("{\"records\":[" + TOR_SECRET_GET + "," + overlong + "]}")
                .when().post("/api/v1/subscriptions/sub-a/events/azure-keyvault")
                .then().statusCode(202).body("accepted", equalTo(1))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(1)).body("rejected[0].field", equalTo("client.ip"));
    }

    @Test
    void anUnreadableSettingsRecordLeavesTheLastGoodSettings() throws Exception {
        // all on one partition, so that the marker's effect shows the unreadable record was read before it
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            kafka.produceStrings().fromRecords(
                    new ProducerRecord<>(Topics.CONFIG, 0, "sub-garbled", protectionOff("sub-garbled")),
                    new ProducerRecord<>(Topics.CONFIG, 0, "sub-garbled", "{\"schemaVersion\": 1, \"subscr"),
                    new ProducerRecord<>(Topics.CONFIG, 0, "sub-garbled-marker", protectionOff("sub-garbled-marker")))
                    .awaitCompletion(Duration.ofSeconds(20));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(ingestToken("sub-garbled-marker")).contentType("application/json")
                        .body(TOR_SECRET_GET)
                        .when().post("/api/v1/subscriptions/sub-garbled-marker/events/azure-keyvault")
                        .then().statusCode(202).body("skipped", equalTo(1)));
        given().auth().oauth2(ingestToken("sub-garbled")).contentType("application/json").body(TOR_SECRET_GET)
                .when().post("/api/v1/subscriptions/sub-garbled/events/azure-keyvault")
                .then().statusCode(202).body("skipped", equalTo(1)).body("accepted", equalTo(0));
    }

    private String protectionOff(String subscriptionId) throws Exception {
        return mapper.findAndRegisterModules().writeValueAsString(new io.vigil.events.SubscriptionConfig(
                io.vigil.events.SubscriptionConfig.SCHEMA_VERSION, subscriptionId, false, List.of(),
                java.time.Instant.now()));
    }
}
