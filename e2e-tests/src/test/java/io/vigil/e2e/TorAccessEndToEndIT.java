package io.vigil.e2e;

import static io.restassured.RestAssured.given;
import static io.vigil.e2e.VigilSuite.TOR_RECIPIENT;
import static io.vigil.e2e.VigilSuite.TOR_SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;

/**
 * The thin path through the whole suite ({@link VigilSuite}): an Azure Key Vault record from a Tor exit node is
 * POSTed to ingest-service and comes out as a stored alert and an email.
 */
@ExtendWith(VigilSuite.class)
class TorAccessEndToEndIT {

    @Test
    void torAccessBecomesAStoredAlertAndAnEmail() throws Exception {
        VigilSuite.Running suite = VigilSuite.suite();
        String record = Files.readString(Path.of("src/test/resources/azure-tor-secretget.json"));
        String shipperToken = suite.oidc.clientToken("log-shipper", "shipper-secret");

        Instant posted = Instant.now();
        given().baseUri(suite.ingest.url()).auth().oauth2(shipperToken).contentType("application/json").body(record)
                .when().post("/api/v1/subscriptions/" + TOR_SUBSCRIPTION + "/events/azure-keyvault")
                .then().statusCode(202);

        String responderToken = suite.oidc.passwordToken("responder", "responder");
        JsonPath alert = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().baseUri(suite.alerts.url()).auth().oauth2(responderToken)
                        .when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath(),
                        list -> !list.getList("").isEmpty());
        Instant stored = Instant.now();
        assertThat(alert.getString("[0].alertType")).isEqualTo("KV_TORAccess");
        assertThat(alert.getString("[0].subscriptionId")).isEqualTo(TOR_SUBSCRIPTION);
        assertThat(alert.getString("[0].vault.name")).isEqualTo("kv-prod");
        assertThat(alert.getString("[0].principal.objectId")).isEqualTo("7d1e3a52-1f0c-4c1e-9d57-0a3b2c4d5e6f");
        assertThat(alert.getString("[0].principal.upn")).isEqualTo("mallory@contoso.com");
        assertThat(alert.getString("[0].client.ip")).isEqualTo("185.220.101.45");
        assertThat(alert.getString("[0].objects[0].name")).isEqualTo("db-password");
        assertThat(alert.getString("[0].objects[0].time")).isEqualTo("2026-11-23T09:41:07.123456700Z");

        JsonNode messages = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> new ObjectMapper().readTree(suite.smtp.inbox(TOR_RECIPIENT)), inbox -> inbox.size() > 0);
        Instant mailed = Instant.now();
        // quoted-printable lines break anywhere, an id too: read the text with soft breaks undone
        String mime = messages.get(0).get("mimeMessage").asText().replace("=\r\n", "").replace("=3D", "=");
        assertThat(messages.get(0).get("subject").asText())
                .isEqualTo("[Vigil][Medium] Access from a TOR exit node to a key vault: kv-prod");
        assertThat(mime).contains("mallory@contoso.com", "7d1e3a52-1f0c-4c1e-9d57-0a3b2c4d5e6f", "185.220.101.45",
                "db-password", "2026-11-23 09:41:07 UTC", "Tor exit node", alert.getString("[0].id"));
        System.out.printf("e2e: POST → alert stored in %d ms, → email received in %d ms%n",
                Duration.between(posted, stored).toMillis(), Duration.between(posted, mailed).toMillis());
    }
}
