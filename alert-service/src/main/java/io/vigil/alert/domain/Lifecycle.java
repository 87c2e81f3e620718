package io.vigil.alert.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.vigil.events.AlertStatus;

/** Active → In progress → Resolved | Dismissed; a closed alert can be reopened when the all-clear was premature. */
public final class Lifecycle {

    private static final Map<AlertStatus, Set<AlertStatus>> NEXT = Map.of(
            AlertStatus.ACTIVE, EnumSet.of(AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED, AlertStatus.DISMISSED),
            AlertStatus.IN_PROGRESS, EnumSet.of(AlertStatus.ACTIVE, AlertStatus.RESOLVED, AlertStatus.DISMISSED),
            AlertStatus.RESOLVED, EnumSet.of(AlertStatus.ACTIVE),
            AlertStatus.DISMISSED, EnumSet.of(AlertStatus.ACTIVE));

    private Lifecycle() {
    }

    public static boolean allows(AlertStatus from, AlertStatus to) {
        return NEXT.get(from).contains(to);
    }

    public static Set<AlertStatus> next(AlertStatus from) {
        return NEXT.get(from);
    }
}
