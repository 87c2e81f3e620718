package io.vigil.detection.domain;

import java.util.List;
import java.util.Map;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.DetectionException;
import io.vigil.events.SubscriptionConfig;

/** Applies a subscription's named detection exceptions (Falco style: every listed field matches one of its values). */
public final class DetectionExceptions {

    private DetectionExceptions() {
    }

    /** The name of the first exception that covers this detection, or null when none does. */
    public static String matching(SubscriptionConfig config, AlertType type, AccessEvent event) {
        if (config == null) {
            return null;
        }
        for (DetectionException exception : config.detectionExceptions()) {
            if (covers(exception.alertTypes(), type) && !exception.fields().isEmpty()
                    && exception.fields().entrySet().stream().allMatch(field -> matches(field, event))) {
                return exception.name();
            }
        }
        return null;
    }

    private static boolean covers(List<String> types, AlertType type) {
        return types.contains("*") || types.contains(type.name());
    }

    private static boolean matches(Map.Entry<String, List<String>> field, AccessEvent event) {
        String value = value(field.getKey(), event);
        return value != null && field.getValue().stream().anyMatch(value::equalsIgnoreCase);
    }

    /** An unknown field name never matches, so a typo allows nothing rather than everything. */
    static String value(String field, AccessEvent event) {
        return switch (field) {
            case "principal.objectId" -> event.principal() == null ? null : event.principal().objectId();
            case "principal.upn" -> event.principal() == null ? null : event.principal().upn();
            case "principal.appId" -> event.principal() == null ? null : event.principal().appId();
            case "principal.type" -> event.principal() == null ? null : event.principal().type().name();
            case "client.ip" -> event.client() == null ? null : event.client().ip();
            case "vault.id" -> event.vault().id();
            case "vault.name" -> event.vault().name();
            case "operation.name" -> event.operation().name();
            case "operation.kind" -> event.operation().kind().name();
            case "object.name" -> event.object() == null ? null : event.object().name();
            default -> null;
        };
    }
}
