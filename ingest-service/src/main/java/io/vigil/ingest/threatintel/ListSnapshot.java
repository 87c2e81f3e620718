package io.vigil.ingest.threatintel;

import java.time.Duration;
import java.time.Instant;

/**
 * One loaded version of a list, immutable so that lookups read it without locking while a reload builds the next.
 * A failed load yields a copy of the previous snapshot carrying the error: a list is never emptied by a bad fetch.
 *
 * @param version first 12 hex digits of the SHA-256 of the raw content, null until a load succeeded
 * @param fetchedAt when this process last read the content successfully
 * @param updatedAt when the content was last known current: the file's modification time, or the time of the last
 *        successful download; the list's age counts from here
 * @param lastError why the last load failed, null when it succeeded
 */
public record ListSnapshot(ListSource source, IpRanges ranges, int entries, int skipped, String version,
        Instant fetchedAt, Instant updatedAt, String lastError) {

    /** Before the first load: nothing to match. */
    public static ListSnapshot initial(ListSource source) {
        return new ListSnapshot(source, IpRanges.empty(), 0, 0, null, null, null, null);
    }

    public String name() {
        return source.name();
    }

    public ListKind kind() {
        return source.kind();
    }

    public boolean loaded() {
        return version != null;
    }

    /** Zero when never loaded or when the file's clock is ahead of ours. */
    public Duration age(Instant now) {
        if (updatedAt == null || updatedAt.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(updatedAt, now);
    }

    public boolean stale(Instant now) {
        return loaded() && now.isAfter(updatedAt.plus(source.maxAge()));
    }

    /** Whether events are matched against this list right now. */
    public boolean active(Instant now) {
        return source.enabled() && loaded() && !stale(now);
    }

    public boolean matches(byte[] address, Instant now) {
        return active(now) && ranges.contains(address);
    }

    public ListSnapshot failed(String error) {
        return new ListSnapshot(source, ranges, entries, skipped, version, fetchedAt, updatedAt, error);
    }

    ListSnapshot unchanged(Instant fetched, Instant updated) {
        return new ListSnapshot(source, ranges, entries, skipped, version, fetched, updated, null);
    }
}
