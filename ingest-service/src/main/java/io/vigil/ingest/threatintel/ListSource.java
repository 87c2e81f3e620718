package io.vigil.ingest.threatintel;

import java.time.Duration;

/**
 * One configured list.
 *
 * @param refresh how often the list is read again even when nothing signals a change
 * @param maxAge how old the content may get before the list is stale and no longer matched
 */
public record ListSource(String name, ListKind kind, ListFormat format, ListLocation location, Duration refresh,
        Duration maxAge, boolean enabled) {
}
