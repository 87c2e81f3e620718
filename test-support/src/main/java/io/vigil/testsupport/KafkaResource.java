package io.vigil.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a real Kafka broker with Vigil's topics for a Quarkus test run. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private static volatile KafkaBroker broker;

    /** The running broker, for tests that inspect topics or take the broker away. */
    public static KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        broker = new KafkaBroker(3).start().createVigilTopics();
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.kafka-streams.bootstrap-servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
