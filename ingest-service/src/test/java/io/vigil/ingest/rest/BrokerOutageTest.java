package io.vigil.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.OidcResource;

/** 202 means Kafka has it: with the broker gone the answer is 503 with Retry-After, and service resumes after. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class BrokerOutageTest {

    @Test
    void brokerDownMeans503AndNothingAcceptedThenRecovery() {
        String token = IngestResourceTest.ingestToken("sub-outage");
        String during = IngestResourceTest.TOR_SECRET_GET.replace("mallory@contoso.com", "during@contoso.com");
        String after = IngestResourceTest.TOR_SECRET_GET.replace("mallory@contoso.com", "after@contoso.com");

        KafkaResource.broker().stop();
        try {
            given().auth().oauth2(token).contentType("application/json").body(during)
                    .when().post("/api/v1/subscriptions/sub-outage/events/azure-keyvault")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
        } finally {
            KafkaResource.broker().start();
        }

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).contentType("application/json").body(after)
                        .when().post("/api/v1/subscriptions/sub-outage/events/azure-keyvault")
                        .then().statusCode(202).body("accepted", equalTo(1)));
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            var consumer = kafka.consumeStrings().fromTopics(Topics.ACCESS_EVENTS);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(consumer.getRecords()).anySatisfy(r -> assertThat(r.value()).contains("after@contoso.com")));
            consumer.stop();
        }
    }
}
