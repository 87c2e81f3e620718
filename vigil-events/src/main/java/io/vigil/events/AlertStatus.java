package io.vigil.events;

/** An alert's lifecycle: Active → InProgress → Resolved | Dismissed (dismissed means false positive). */
public enum AlertStatus {
    ACTIVE, IN_PROGRESS, RESOLVED, DISMISSED
}
