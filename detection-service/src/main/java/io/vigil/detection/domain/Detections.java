package io.vigil.detection.domain;

import java.util.List;
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

    private Detections() {
    }

    /**
     * One detection for one event. Its correlation key groups a burst (same subscription, type, vault and caller) into
     * one alert downstream; its id is derived from type and event, so a replayed event yields the same detection.
     */
    public static Detection fromEvent(AlertType type, AccessEvent event, String summary, Map<String, Object> facts) {
        List<AccessedObject> objects = event.object() == null || event.object().name() == null ? List.of()
                : List.of(new AccessedObject(event.object().id(), event.object().name(), event.operation().name(),
                        event.time()));
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
                objects.size(),
                List.of(event.eventId()),
                correlationKey(type, event, principal));
    }

    static String correlationKey(AlertType type, AccessEvent event, Principal principal) {
        String caller = principal.objectId() != null ? principal.objectId()
                : principal.upn() != null ? principal.upn()
                : event.client() != null && event.client().ip() != null ? "ip:" + event.client().ip()
                : "unknown";
        return String.join("|", event.subscriptionId(), type.name(), event.vault().id(), caller);
    }

    /** "read secret db-password" / "listed secrets" — how an operation reads in a sentence. */
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
            return verb + " " + event.object().type().name().toLowerCase(java.util.Locale.ROOT) + " "
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
}
