package io.vigil.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.path.json.JsonPath;
import io.vigil.events.AlertType;
import io.vigil.testsupport.ServiceProcess;

/**
 * The whole catalog through the whole suite: the simulator posts three weeks of an organisation's Azure Key Vault
 * audit records — normal work and one labelled attack of every type after learning — to ingest-service over HTTP, and
 * alert-service ends up holding an alert of each of the 14 types.
 */
@ExtendWith(VigilSuite.class)
class EveryAlertTypeEndToEndIT {

    @Test
    void everyCatalogTypeFiresFromPostedAzureRecordsToAStoredAlert() throws Exception {
        VigilSuite.Running suite = VigilSuite.suite();
        Path token = Files.writeString(suite.scenario.resolve("token"),
                suite.oidc.clientToken("simulator", "simulator-secret"));
        Instant posting = Instant.now();
        VigilSuite.generate("--format", "azure-keyvault", "--out", suite.scenario.toString(), "--post",
                suite.ingest.url(), "--token-file", token.toString(), "--rate", "5000");
        Instant posted = Instant.now();

        Set<String> catalog = new TreeSet<>(Arrays.stream(AlertType.values()).filter(t -> !t.vigilInternal())
                .map(Enum::name).toList());
        String viewer = suite.oidc.passwordToken("soc-viewer", "soc-viewer");
        Set<String> raised;
        try {
            raised = await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> alertTypes(suite, viewer), types -> types.containsAll(catalog));
        } catch (ConditionTimeoutException e) {
            // what each stage saw, so that a miss says where the events or detections went
            System.out.println("e2e: missing alert types; the services' own counters:");
            counters(suite.ingest);
            counters(suite.detection);
            throw e;
        }
        System.out.printf("e2e: scenario posted in %d s, all 14 alert types stored %d s after the last post%n",
                Duration.between(posting, posted).toSeconds(), Duration.between(posted, Instant.now()).toSeconds());
        assertThat(raised).containsAll(catalog);
        // the scenario arrives at most 12 minutes out of order, within detection's grace: none of it may be dropped
        assertThat(metrics(suite.detection)).contains("vigil_detection_events_dropped_total{reason=\"late\"} 0.0");
    }

    private static void counters(ServiceProcess service) {
        metrics(service).forEach(line -> System.out.println("  " + line));
    }

    /** The service's own counters, one Prometheus line each. */
    private static List<String> metrics(ServiceProcess service) {
        return given().baseUri(service.url()).when().get("/q/metrics").then().statusCode(200).extract().asString()
                .lines().filter(line -> line.startsWith("vigil_")).toList();
    }

    private static Set<String> alertTypes(VigilSuite.Running suite, String token) {
        Set<String> types = new TreeSet<>();
        for (int page = 0; ; page++) {
            JsonPath alerts = given().baseUri(suite.alerts.url()).auth().oauth2(token)
                    .queryParam("page", page).queryParam("size", 100)
                    .when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath();
            List<String> onPage = alerts.getList("alertType");
            types.addAll(onPage);
            if (onPage.size() < 100) {
                return types;
            }
        }
    }
}
