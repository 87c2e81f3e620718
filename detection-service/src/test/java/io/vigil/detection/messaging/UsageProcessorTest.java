package io.vigil.detection.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.vigil.detection.Harness;
import io.vigil.events.Usage;

/**
 * The usage count on its own, fed out of event-time order as a catch-up feeds it (the topology tests cannot: their
 * single partition drops late events before they reach the count).
 */
class UsageProcessorTest {

    private static final Instant TEN = Instant.parse("2026-10-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(15);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProcessorContext<String, Usage> context;
    private KeyValueStore<String, UsageHour> store;
    private UsageProcessor processor;
    /** As Kafka Streams keeps it: the largest record time seen, never going back. */
    private long streamTime = Long.MIN_VALUE;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DetectionTopology.USAGE_HOURS),
                Serdes.String(), new ObjectMapperSerde<>(UsageHour.class, Harness.MAPPER)).withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new UsageProcessor(GRACE, Duration.ofDays(2), meters);
        processor.init(context);
    }

    @Test
    void anHourIsPublishedOnceItsGraceHasPassedAndCorrectedByEventsThatArriveAfterThat() {
        count("sub-a", TEN.plusSeconds(60), 3);
        count("sub-b", TEN.plusSeconds(120), 1);
        punctuate(TEN.plus(Duration.ofMinutes(70)));
        assertThat(published()).as("10:00 is still within its grace").isEmpty();

        punctuate(TEN.plus(Duration.ofMinutes(75)));
        assertThat(published()).extracting(Usage::subscriptionId, Usage::hourStart, Usage::transactions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sub-a", TEN, 3L),
                        org.assertj.core.groups.Tuple.tuple("sub-b", TEN, 1L));

        context.resetForwards();
        punctuate(TEN.plus(Duration.ofMinutes(90)));
        assertThat(published()).as("nothing new, nothing republished").isEmpty();

        count("sub-a", TEN.plusSeconds(3000), 2); // a slower partition's events of the published hour
        punctuate(TEN.plus(Duration.ofMinutes(91)));
        assertThat(published()).singleElement().satisfies(correction -> {
            assertThat(correction.transactions()).isEqualTo(5);
            assertThat(correction.usageId()).isEqualTo(Usage.of("sub-a", TEN, 0).usageId());
        });
    }

    @Test
    void aRestartPublishesWhatWasCountedButNotYetPublished() {
        count("sub-a", TEN.plusSeconds(60), 4);
        processor = new UsageProcessor(GRACE, Duration.ofDays(2), meters);
        context = contextSharing(store);
        processor.init(context);

        punctuate(TEN.plus(Duration.ofHours(2)));
        assertThat(published()).singleElement().extracting(Usage::transactions).isEqualTo(4L);
    }

    @Test
    void hoursOlderThanTheRetentionAreForgottenAndTheirLateEventsCountedAsUncounted() {
        count("sub-a", TEN, 1);
        punctuate(TEN.plus(Duration.ofDays(3)));
        assertThat(published()).hasSize(1);
        assertThat(store.approximateNumEntries()).isZero();

        context.resetForwards();
        count("sub-a", TEN.plusSeconds(1), 1);
        punctuate(TEN.plus(Duration.ofDays(3)).plusSeconds(60));
        assertThat(published()).as("a count of 1 would replace the published total").isEmpty();
        assertThat(meters.counter("vigil.detection.usage.uncounted").count()).isEqualTo(1);
    }

    private void count(String subscription, Instant time, int events) {
        for (int i = 0; i < events; i++) {
            streamTime = Math.max(streamTime, time.toEpochMilli());
            context.setCurrentStreamTimeMs(streamTime);
            processor.process(new Record<>(subscription, 1L, time.toEpochMilli()));
        }
    }

    private void punctuate(Instant now) {
        streamTime = Math.max(streamTime, now.toEpochMilli());
        context.setCurrentStreamTimeMs(streamTime);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(streamTime);
    }

    private List<Usage> published() {
        return context.forwarded().stream().map(f -> (Usage) f.record().value()).toList();
    }

    private static MockProcessorContext<String, Usage> contextSharing(KeyValueStore<String, UsageHour> store) {
        MockProcessorContext<String, Usage> fresh = new MockProcessorContext<>();
        fresh.addStateStore(store);
        return fresh;
    }
}
