package io.vigil.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import io.vigil.events.AccessEvent;

/**
 * A generated scenario: the world, its normal traffic day by day, and the labelled attacks mixed in. Events are
 * delivered in arrival order: each is delayed as audit pipelines delay them (most within a minute or two, some by up to
 * twelve minutes, less than detection's 15-minute grace), so the stream is in event-time order only roughly.
 */
public final class Scenario {

    /** An event as it reaches Vigil: when it arrives, and whether it belongs to an attack. */
    public record Delivered(AccessEvent event, Instant arrival, boolean attack) {
    }

    private static final Comparator<Delivered> BY_ARRIVAL = Comparator.comparing(Delivered::arrival)
            .thenComparing(d -> d.event().eventId());

    private final ScenarioSpec spec;
    private final World world;
    private final List<Attacks.Planned> attacks;

    public Scenario(ScenarioSpec spec) {
        this.spec = spec;
        this.world = new World(spec);
        this.attacks = Attacks.plan(world);
    }

    public ScenarioSpec spec() {
        return spec;
    }

    public World world() {
        return world;
    }

    public List<Attack> labels() {
        return attacks.stream().map(Attacks.Planned::label).toList();
    }

    /** Streams every event in arrival order, a day at a time, so weeks of traffic never sit in memory at once. */
    public void forEach(Consumer<Delivered> sink) {
        Traffic traffic = new Traffic(world);
        Set<String> attackIds = new HashSet<>();
        labels().forEach(label -> attackIds.addAll(label.eventIds()));
        List<Delivered> pending = new ArrayList<>();
        for (int day = 0; day < spec.days(); day++) {
            Instant from = spec.day(day);
            Instant to = spec.day(day + 1);
            List<AccessEvent> events = new ArrayList<>(traffic.day(day));
            for (Attacks.Planned attack : attacks) {
                attack.events().stream().filter(e -> !e.time().isBefore(from) && e.time().isBefore(to))
                        .forEach(events::add);
            }
            events.sort(Comparator.comparing(AccessEvent::time).thenComparing(AccessEvent::eventId));
            Random lateness = new Random(spec.seed() * 7_919L + day);
            for (AccessEvent event : events) {
                pending.add(new Delivered(event, event.time().plusMillis(delay(lateness)),
                        attackIds.contains(event.eventId())));
            }
            pending.sort(BY_ARRIVAL);
            Instant horizon = day == spec.days() - 1 ? Instant.MAX : to;
            List<Delivered> later = new ArrayList<>();
            for (Delivered delivered : pending) {
                if (delivered.arrival().isBefore(horizon)) {
                    sink.accept(delivered);
                } else {
                    later.add(delivered);
                }
            }
            pending = later;
        }
    }

    /** Most records within 90 s, a quarter within 5 minutes, one in twenty up to 12 minutes late. */
    private static long delay(Random random) {
        double r = random.nextDouble();
        long seconds = r < 0.7 ? random.nextInt(90) : r < 0.95 ? 90 + random.nextInt(210) : 300 + random.nextInt(420);
        return Duration.ofSeconds(seconds).toMillis() + random.nextInt(1000);
    }
}
