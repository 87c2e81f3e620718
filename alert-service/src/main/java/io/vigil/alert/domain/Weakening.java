package io.vigil.alert.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.vigil.events.DetectionException;
import io.vigil.events.ExportDestination;
import io.vigil.events.NotificationSettings;

/**
 * What a settings change takes away from detection or from the people who hear about it. Turning protection off,
 * trusting a network, excepting activity, silencing email and dropping an export are how an intruder with an admin
 * token hides the next step, so each one is named in the {@code VIGIL_DetectionWeakened} alert; strengthening
 * changes are not.
 */
public final class Weakening {

    private Weakening() {
    }

    /** One sentence per weakening, in a fixed order; empty when the change weakens nothing. */
    public static List<String> of(SettingsSnapshot before, SettingsSnapshot after) {
        List<String> found = new ArrayList<>();
        if (before.protectionEnabled() && !after.protectionEnabled()) {
            found.add("protection turned off: events of this subscription are no longer analysed");
        }
        List<String> trusted = added(before.trustedNetworks(), after.trustedNetworks());
        if (!trusted.isEmpty()) {
            found.add("networks newly trusted over threat lists: " + String.join(", ", trusted));
        }
        Set<DetectionException> previous = new HashSet<>(before.detectionExceptions());
        List<String> excepted = after.detectionExceptions().stream().filter(e -> !previous.contains(e))
                .map(DetectionException::name).toList();
        if (!excepted.isEmpty()) {
            found.add("detection exceptions added or changed: " + String.join(", ", excepted));
        }
        notifications(before.notifications(), after.notifications(), found);
        exports(before.exports(), after.exports(), found);
        return List.copyOf(found);
    }

    private static void notifications(NotificationSettings before, NotificationSettings after, List<String> found) {
        if (before.enabled() && !after.enabled()) {
            found.add("email notifications turned off");
            return;
        }
        if (!after.enabled()) {
            return;
        }
        if (after.minimumSeverity().compareTo(before.minimumSeverity()) > 0) {
            found.add("email minimum severity raised from " + before.minimumSeverity().label() + " to "
                    + after.minimumSeverity().label());
        }
        List<String> emails = added(after.emails(), before.emails());
        if (!emails.isEmpty()) {
            found.add("email recipients removed: " + String.join(", ", emails));
        }
        List<String> roles = added(after.roles(), before.roles());
        if (!roles.isEmpty()) {
            found.add("email recipient roles removed: " + String.join(", ", roles));
        }
    }

    private static void exports(List<ExportDestination> before, List<ExportDestination> after, List<String> found) {
        Map<String, ExportDestination> now = after.stream()
                .collect(Collectors.toMap(ExportDestination::name, Function.identity(), (a, b) -> a));
        List<String> removed = new ArrayList<>();
        List<String> narrowed = new ArrayList<>();
        for (ExportDestination old : before) {
            ExportDestination current = now.get(old.name());
            if (current == null) {
                removed.add(old.name());
            } else if (current.minimumSeverity().compareTo(old.minimumSeverity()) > 0
                    || (!current.alertTypes().isEmpty() && !current.alertTypes().containsAll(
                            old.alertTypes().isEmpty() ? List.of("*") : old.alertTypes()))) {
                narrowed.add(old.name());
            }
        }
        if (!removed.isEmpty()) {
            found.add("export destinations removed: " + String.join(", ", removed));
        }
        if (!narrowed.isEmpty()) {
            found.add("export destinations narrowed (higher minimum severity or fewer alert types): "
                    + String.join(", ", narrowed));
        }
    }

    /** Entries of {@code after} that {@code before} lacks. */
    private static List<String> added(List<String> before, List<String> after) {
        Set<String> known = new HashSet<>(before);
        return after.stream().filter(value -> !known.contains(value)).toList();
    }
}
