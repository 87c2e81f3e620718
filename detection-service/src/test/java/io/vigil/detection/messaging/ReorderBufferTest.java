package io.vigil.detection.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.detection.Harness;
import io.vigil.detection.TestEvents;
import io.vigil.events.AccessEvent;

/** The principal stage's reorder buffer: oldest first, bounded, released within two ticks, durable. */
class ReorderBufferTest {

    private static final Instant T0 = Instant.parse("2026-09-20T02:00:00Z");

    private KeyValueStore<String, ReadEvent> store;
    private final List<String> analysed = new ArrayList<>();
    private final BiConsumer<String, ReadEvent> analyse = (key, read) -> analysed.add(key + "@"
            + read.event().time().getEpochSecond());

    @BeforeEach
    void open() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("held"), Serdes.String(),
                ReadEvent.serde(Harness.MAPPER)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void beyondItsBoundTheOldestHeldEventGoesFirst() {
        ReorderBuffer buffer = new ReorderBuffer(store, 3);
        for (int second : new int[] {50, 10, 40, 20, 30}) {
            buffer.add("p", read(second), analyse);
        }

        assertThat(analysed).containsExactly("p@" + at(10), "p@" + at(20));
        assertThat(buffer.size()).isEqualTo(3);
    }

    @Test
    void anEventWaitsAtMostTwoTicksAndALateOneStillTakesItsPlace() {
        ReorderBuffer buffer = new ReorderBuffer(store, 100);
        buffer.add("a", read(30), analyse);
        buffer.tick(analyse);
        assertThat(analysed).as("held for one tick").isEmpty();

        // arrives after the first tick but is older: released with (before) the one held at that tick
        buffer.add("b", read(10), analyse);
        buffer.add("c", read(60), analyse);
        buffer.tick(analyse);
        assertThat(analysed).containsExactly("b@" + at(10), "a@" + at(30));

        buffer.tick(analyse);
        assertThat(analysed).containsExactly("b@" + at(10), "a@" + at(30), "c@" + at(60));
        assertThat(buffer.size()).isZero();
    }

    @Test
    void heldEventsAreInTheStoreAndARestartedBufferReleasesThemAtItsFirstTick() {
        ReorderBuffer before = new ReorderBuffer(store, 100);
        before.add("sub-a/alice", read(20), analyse);
        before.add("sub-a/bob", read(10), analyse);
        assertThat(store.approximateNumEntries()).isEqualTo(2);

        ReorderBuffer after = new ReorderBuffer(store, 100);
        after.tick(analyse);

        assertThat(analysed).containsExactly("sub-a/bob@" + at(10), "sub-a/alice@" + at(20));
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void withoutRoomEveryEventIsAnalysedAsItComes() {
        ReorderBuffer buffer = new ReorderBuffer(store, 0);
        buffer.add("p", read(20), analyse);
        buffer.add("p", read(10), analyse);

        assertThat(analysed).containsExactly("p@" + at(20), "p@" + at(10));
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void eventsOfTheSameMillisecondKeepTheirOrderOfArrivalAcrossARestart() {
        ReorderBuffer before = new ReorderBuffer(store, 100);
        before.add("sub-a/zed", read(10), analyse);
        before.add("sub-a/amy", read(10), analyse);
        ReorderBuffer after = new ReorderBuffer(store, 100);
        after.add("sub-a/bob", read(10), analyse);
        after.tick(analyse);
        after.tick(analyse);

        assertThat(analysed).containsExactly("sub-a/zed@" + at(10), "sub-a/amy@" + at(10), "sub-a/bob@" + at(10));
    }

    @Test
    void eventTimesBeforeTheEpochSortBeforeThoseAfter() {
        ReorderBuffer buffer = new ReorderBuffer(store, 100);
        buffer.add("p", read(Instant.ofEpochSecond(5)), analyse);
        buffer.add("p", read(Instant.ofEpochSecond(-5)), analyse);
        buffer.tick(analyse);
        buffer.tick(analyse);

        assertThat(analysed).containsExactly("p@-5", "p@5");
    }

    private static long at(int second) {
        return T0.plusSeconds(second).getEpochSecond();
    }

    private static ReadEvent read(int second) {
        return read(T0.plusSeconds(second));
    }

    private static ReadEvent read(Instant time) {
        AccessEvent event = TestEvents.by(TestEvents.ALICE).at(time);
        try {
            return new ReadEvent(event, Harness.MAPPER.writeValueAsBytes(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
