package io.vigil.detection.domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.Principal;

/** Builds detections the same way for every detector: ids, correlation keys and the catalog's classification. */
public final class Detections {

    /** Stands in for the vault or the caller in a correlation key when a detection is not about one of them. */
    public static final String ANY = "*";

    private Detections() {
    }

    /**
     * One detection triggered by one event, about this vault and this caller. Its correlation key groups a burst
     * (same subscription, type, vault and caller) into one alert downstream; its id is derived from type and event,
     * so a replayed event yields the same detection.
     */
    public static Detection fromEvent(AlertType type, AccessEvent event, String summary, Map<String, Object> facts) {
        List<AccessedObject> objects = objects(event);
        return scoped(type, event, summary, facts, event.vault().id(), caller(event), objects, objects.size());
    }

    /**
     * A detection about an aggregate: {@code vaultScope} or {@code callerScope} is {@link #ANY} when it spans vaults
     * (a principal's volume) or callers (a vault's volume), and the objects are what the aggregate touched.
     */
    public static Detection scoped(AlertType type, AccessEvent event, String summary, Map<String, Object> facts,
            String vaultScope, String callerScope, List<AccessedObject> objects, int objectCount) {
        Principal principal = event.principal() == null ? Principal.unknown() : event.principal();
        return new Detection(
                DeterministicId.of(type.name(), event.eventId()),
                Detection.SCHEMA_VERSION,
                type,
                event.subscriptionId(),
                event.source(),
                event.vault(),
                principal,
                event.client(),
                event.ip(),
                type.severity(),
                type.tactics(),
                type.techniques(),
                event.time(),
                event.time(),
                new Evidence(summary, facts),
                objects,
                objectCount,
                List.of(event.eventId()),
                String.join("|", event.subscriptionId(), type.name(), vaultScope, callerScope));
    }

    /** The object the event touched, with its time: what a responder rotates. */
    static List<AccessedObject> objects(AccessEvent event) {
        return event.object() == null || event.object().name() == null ? List.of()
                : List.of(new AccessedObject(event.object().id(), event.object().name(), event.operation().name(),
                        event.time()));
    }

    /** The caller part of a correlation key: who, or failing that from where. */
    static String caller(AccessEvent event) {
        String key = Callers.key(event);
        if (key != null) {
            return key;
        }
        return event.client() != null && event.client().ip() != null ? "ip:" + event.client().ip() : "unknown";
    }

    /** "read secret db-password in" / "listed secrets in" — how an operation reads in a sentence. */
    static String action(AccessEvent event) {
        String verb = switch (event.operation().kind()) {
            case SECRET_READ -> "read";
            case SECRET_LIST -> "listed";
            case SECRET_WRITE -> "wrote";
            case SECRET_DELETE -> "deleted";
            case PURGE -> "purged";
            case BACKUP -> "backed up";
            case KEY_USE -> "used";
            case POLICY_CHANGE -> "changed the access policy of";
            default -> "ran " + event.operation().name() + " on";
        };
        if (event.object() != null && event.object().name() != null) {
            return verb + " " + event.object().type().name().toLowerCase(Locale.ROOT) + " "
                    + event.object().name() + " in";
        }
        return verb.endsWith(" on") || verb.endsWith(" of") ? verb : verb + " in";
    }

    static String outcome(AccessEvent event) {
        return switch (event.result().outcome()) {
            case SUCCESS -> "";
            case DENIED -> " (denied)";
            case NOT_FOUND -> " (not found)";
            case FAILED -> " (failed)";
        };
    }

    /** "21 days" — history lengths in a sentence, whole days since that is what a responder compares. */
    static String days(Duration history) {
        long days = history.toDays();
        return days == 1 ? "1 day" : days + " days";
    }
}
