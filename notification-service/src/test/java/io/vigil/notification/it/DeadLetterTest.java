package io.vigil.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.Topics;
import io.vigil.testsupport.KafkaResource;

/** Records that are not usable alert events go to the dead-letter topic at once, as they were, with the reason. */
@QuarkusTest
class DeadLetterTest {

    @Test
    void poisonRecordsAreDeadLetteredWithTheReason() {
        String garbageKey = "poison-" + Fixtures.newId();
        String invalidKey = "invalid-" + Fixtures.newId();
        String invalid = "{\"alertId\":\"" + Fixtures.newId() + "\",\"schemaVersion\":1,\"version\":1,"
                + "\"change\":\"CREATED\",\"subscriptionId\":\"sub-dlq\",\"alertType\":\"KV_TORAccess\"}";
        Fixtures.publishRaw(Topics.ALERTS, garbageKey, "this is { not json");
        Fixtures.publishRaw(Topics.ALERTS, invalidKey, invalid);

        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics(Topics.ALERTS + Topics.DLQ_SUFFIX);
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.getRecords().stream()
                    .filter(r -> List.of(garbageKey, invalidKey).contains(r.key())).count() == 2);
            ConsumerRecord<String, String> garbage = find(dlq, garbageKey);
            assertThat(garbage.value()).isEqualTo("this is { not json");
            assertThat(reason(garbage)).startsWith("not an alert event");
            ConsumerRecord<String, String> incomplete = find(dlq, invalidKey);
            assertThat(incomplete.value()).isEqualTo(invalid);
            assertThat(reason(incomplete)).isEqualTo("invalid alert event: severity missing");
            dlq.stop();
        }
    }

    private static ConsumerRecord<String, String> find(ConsumerTask<String, String> task, String key) {
        return task.getRecords().stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }
}
