package io.vigil.alert.domain;

import java.time.Instant;

/**
 * Where a page ended: the sort key of its last alert. The next page starts strictly after it.
 *
 * @param severityRank the last alert's severity ordinal (used when sorting by severity)
 * @param time its last seen (sort by last seen or severity) or first seen (sort by first seen)
 * @param id its id, the tie-breaker
 */
public record Keyset(int severityRank, Instant time, String id) {

    public static Keyset of(Alert alert, AlertSort sort) {
        return new Keyset(alert.severity.ordinal(), sort == AlertSort.FIRST_SEEN ? alert.firstSeen : alert.lastSeen,
                alert.id);
    }
}
