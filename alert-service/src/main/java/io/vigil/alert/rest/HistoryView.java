package io.vigil.alert.rest;

import java.time.Instant;

import io.vigil.alert.domain.AlertHistory;
import io.vigil.events.AlertStatus;

/** One status change as the alert's detail view shows it. */
public record HistoryView(Instant at, String actor, AlertStatus from, AlertStatus to, String comment) {

    static HistoryView of(AlertHistory h) {
        return new HistoryView(h.at, h.actor, h.fromStatus, h.toStatus, h.comment);
    }
}
