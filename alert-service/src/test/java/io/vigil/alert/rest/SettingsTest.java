package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.OidcResource;
import io.vigil.testsupport.PostgresResource;
import jakarta.inject.Inject;

/** Plans and trusted networks: stored with optimistic concurrency and published to the compacted config topic. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class SettingsTest {

    @Inject
    ObjectMapper mapper;

    static String token(String role, String subscription) {
        return OidcResource.server().tokenFor(Set.of(role), List.of(subscription));
    }

    @Test
    void anAdminTurnsProtectionOffAndTrustsANetworkAndTheOtherServicesAreTold() throws Exception {
        String sub = "sub-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);

        String etag = given().auth().oauth2(token("vigil-viewer", sub)).when().get(path).then().statusCode(200)
                .body("version", equalTo(0)).body("protectionEnabled", equalTo(true))
                .extract().header("ETag");
        assertThat(etag).isEqualTo("\"0\"");

        given().auth().oauth2(admin).header("If-Match", etag).contentType("application/json")
                .body("{\"protectionEnabled\":false,\"trustedNetworks\":[\"10.20.0.0/16\",\"2001:db8::/32\"]}")
                .when().put(path).then().statusCode(200).body("version", equalTo(1))
                .body("trustedNetworks", equalTo(List.of("10.20.0.0/16", "2001:db8::/32")));

        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            var consumer = kafka.consumeStrings().fromTopics(Topics.CONFIG);
            JsonNode config = await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream()
                    .filter(r -> sub.equals(r.key())).map(r -> read(r.value())).findFirst().orElse(null),
                    java.util.Objects::nonNull);
            consumer.stop();
            assertThat(config.get("protectionEnabled").asBoolean()).isFalse();
            assertThat(config.get("trustedNetworks")).hasSize(2);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(admin).when().get(path)
                .then().body("published", equalTo(true)).body("updatedBy", org.hamcrest.Matchers.startsWith("user-")));

        given().auth().oauth2(admin).header("If-Match", etag).contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(412).contentType("application/problem+json");
    }

    @Test
    void badSettingsAreProblemsNamingTheField() {
        String sub = "sub-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[\"10.0.0.0/8\",\"intranet.corp\",\"10.0.0.0/33\"]}")
                .when().put(path).then().statusCode(422).contentType("application/problem+json")
                .body("errors.location", equalTo(List.of("trustedNetworks[1]", "trustedNetworks[2]")));
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(400).body("errors[0].location", equalTo("protectionEnabled"));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(428);
    }

    @Test
    void onlyAdminsOfTheSubscriptionMayChangeIt() {
        String sub = "sub-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String body = "{\"protectionEnabled\":false,\"trustedNetworks\":[]}";
        given().auth().oauth2(token("vigil-responder", sub)).header("If-Match", "\"0\"").contentType("application/json")
                .body(body).when().put(path).then().statusCode(403);
        given().auth().oauth2(token("vigil-admin", "another")).header("If-Match", "\"0\"")
                .contentType("application/json").body(body).when().put(path).then().statusCode(404);
        given().auth().oauth2(token("vigil-viewer", "another")).when().get(path).then().statusCode(404);
        given().when().get(path).then().statusCode(401);
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
