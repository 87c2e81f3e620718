package io.vigil.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Detection;
import io.vigil.events.Topics;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.OidcResource;
import io.vigil.testsupport.PostgresResource;

/**
 * The running service as its integration tests reach it: real Kafka, PostgreSQL and OIDC. Every {@code @QuarkusTest}
 * of the module extends this class and declares no resources or profile of its own, so all share one application
 * start; another set of resources would restart Quarkus.
 */
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
public abstract class AlertServiceTest {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    protected static KafkaCompanion kafka;

    @Inject
    protected ObjectMapper mapper;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers());
        // tokens live 600 s: cached for one class, never for the whole suite
        TOKENS.clear();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** A subscription of its own, so a test never sees another test's alerts, rules or settings. */
    protected static String subscription(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** One cached token per (role, subscription): token requests are real OIDC round trips. */
    public static String token(String role, String subscription) {
        return TOKENS.computeIfAbsent(role + "|" + subscription,
                k -> OidcResource.server().tokenFor(Set.of(role), List.of(subscription)));
    }

    /** Sends the detections keyed by correlation key, as detection-service does. */
    protected void send(Detection... detections) {
        send(List.of(detections));
    }

    protected void send(List<Detection> detections) {
        sendRecords(detections.stream().map(d -> record(d.correlationKey(), d)).toList());
    }

    protected void sendRecords(List<ProducerRecord<String, String>> records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(30));
    }

    protected ProducerRecord<String, String> record(String key, Detection detection) {
        try {
            return new ProducerRecord<>(Topics.DETECTIONS, key, mapper.writeValueAsString(detection));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
