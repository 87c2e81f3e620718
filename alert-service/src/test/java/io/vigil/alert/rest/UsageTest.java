package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.alert.AlertServiceTest;
import io.vigil.events.Topics;
import io.vigil.events.Usage;

/** Hourly usage from vigil.usage.v1: stored once per hour, corrections replace, served by hour or day. */
@QuarkusTest
class UsageTest extends AlertServiceTest {

    private static final String RANGE = "from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z";

    @Test
    void aRedeliveredHourCountsOnceACorrectionReplacesItAndDaysAddUp() throws Exception {
        String sub = subscription("sub-usage");
        String other = sub + "-other";
        Usage tenOClock = Usage.of(sub, Instant.parse("2026-11-20T10:00:00Z"), 100);
        send(tenOClock,
                Usage.of(sub, Instant.parse("2026-11-20T11:00:00Z"), 50),
                Usage.of(other, Instant.parse("2026-11-20T10:00:00Z"), 1_000),
                Usage.of(sub, Instant.parse("2026-11-21T09:00:00Z"), 7),
                // Kafka's at-least-once delivery: the same hour again
                tenOClock,
                // a correction: the same hour (and so the same usage id) with another count
                Usage.of(sub, Instant.parse("2026-11-20T11:00:00Z"), 60),
                // sent last on the subscription's partition: once it is visible, everything before it was consumed
                Usage.of(sub, Instant.parse("2026-11-21T23:00:00Z"), 1));
        assertThat(Usage.of(sub, Instant.parse("2026-11-20T11:00:00Z"), 60).usageId())
                .isEqualTo(Usage.of(sub, Instant.parse("2026-11-20T11:00:00Z"), 50).usageId());

        String viewer = token("vigil-viewer", sub);
        String path = "/api/v1/subscriptions/" + sub + "/usage?" + RANGE;
        JsonPath hourly = await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(viewer).when()
                .get(path + "&granularity=hour").then().statusCode(200).extract().jsonPath(),
                usage -> usage.getList("buckets.start").contains("2026-11-21T23:00:00Z"));
        assertThat(hourly.getList("buckets.start")).containsExactly("2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z",
                "2026-11-21T09:00:00Z", "2026-11-21T23:00:00Z");
        assertThat(hourly.getList("buckets.transactions", Long.class)).containsExactly(100L, 60L, 7L, 1L);
        assertThat(hourly.getLong("total")).isEqualTo(168);
        assertThat(hourly.getString("granularity")).isEqualTo("hour");
        assertThat(hourly.getString("from")).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(hourly.getString("to")).isEqualTo("2026-11-22T00:00:00Z");

        JsonPath daily = given().auth().oauth2(token("vigil-admin", sub)).when()
                .get(path + "&granularity=day").then().statusCode(200).extract().jsonPath();
        assertThat(daily.getList("buckets.start")).containsExactly("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
        assertThat(daily.getList("buckets.transactions", Long.class)).containsExactly(160L, 8L);
        assertThat(daily.getLong("total")).isEqualTo(168);

        // a range inside the day: whole hours from 10:30 (truncated) to 11:00 (exclusive)
        given().auth().oauth2(viewer).when().get("/api/v1/subscriptions/" + sub
                + "/usage?from=2026-11-20T10:30:00Z&to=2026-11-20T11:00:00Z").then().statusCode(200)
                .body("total", equalTo(100)).body("buckets.start", equalTo(List.of("2026-11-20T10:00:00Z")));

        given().auth().oauth2(token("vigil-viewer", other)).when()
                .get("/api/v1/subscriptions/" + other + "/usage?" + RANGE).then().statusCode(200)
                .body("total", equalTo(1000));
        given().auth().oauth2(token("vigil-viewer", other)).when().get(path).then().statusCode(404);
    }

    @Test
    void badRangesAreProblemsNamingTheParameter() {
        String sub = subscription("sub-usage");
        String path = "/api/v1/subscriptions/" + sub + "/usage";
        String viewer = token("vigil-viewer", sub);
        given().auth().oauth2(viewer).when().get(path + "?granularity=week").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].location", equalTo("granularity"));
        given().auth().oauth2(viewer).when().get(path + "?from=yesterday").then().statusCode(400)
                .body("errors[0].location", equalTo("from"));
        given().auth().oauth2(viewer).when().get(path + "?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z")
                .then().statusCode(400).body("errors[0].location", equalTo("from"));
        given().auth().oauth2(viewer).when().get(path + "?from=2026-01-01T00:00:00Z&to=2026-11-20T00:00:00Z")
                .then().statusCode(400).body("errors[0].location", equalTo("from"));
        // the default range: the last 7 days by hour, nothing recorded yet
        given().auth().oauth2(viewer).when().get(path).then().statusCode(200).body("total", equalTo(0))
                .body("granularity", equalTo("hour")).body("buckets", org.hamcrest.Matchers.empty());
    }

    private void send(Usage... records) throws Exception {
        for (Usage usage : records) {
            // one at a time, keyed by subscription as detection-service does: the order per subscription holds
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.USAGE, usage.subscriptionId(),
                    mapper.writeValueAsString(usage))).awaitCompletion(Duration.ofSeconds(20));
        }
    }
}
