package io.vigil.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * What a scenario is made of; the same spec (seed included) always yields the same events and labels.
 *
 * @param attacksPerType labelled attacks injected per alert type, all after the learning period
 * @param learningDays the detection service's learning period, so attacks start after it (and organic change too)
 */
public record ScenarioSpec(long seed, int days, int vaults, int principals, int attacksPerType, int learningDays,
        Instant start) {

    /** A Monday, so weekends fall on days 5–6 of every week. */
    public static final Instant DEFAULT_START = Instant.parse("2026-09-07T00:00:00Z");

    public ScenarioSpec {
        if (days <= learningDays + 1) {
            throw new IllegalArgumentException("days must exceed the learning period by at least 2");
        }
        if (vaults < 4 || principals < 20) {
            throw new IllegalArgumentException("at least 4 vaults and 20 principals");
        }
    }

    public static ScenarioSpec defaults(long seed) {
        return new ScenarioSpec(seed, 30, 50, 500, 5, 7, DEFAULT_START);
    }

    public Instant end() {
        return start.plus(Duration.ofDays(days));
    }

    public Instant day(int day) {
        return start.plus(Duration.ofDays(day));
    }
}
