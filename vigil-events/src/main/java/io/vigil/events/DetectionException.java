package io.vigil.events;

import java.util.List;
import java.util.Map;

/**
 * A named allow-list entry in the manner of Falco's rule exceptions: a detection of one of {@code alertTypes} is not
 * raised when, for every field in {@code fields}, the triggering access event's value equals one of the listed
 * values (case-insensitively). Known automation, such as the Azure Resource Graph application that reads every vault,
 * is excepted this way at detection time; alert-service's suppression rules act later, on alerts.
 *
 * @param alertTypes alert type names, or {@code "*"} for every type
 * @param fields event field → accepted values; fields: {@value #FIELDS}
 */
public record DetectionException(String name, List<String> alertTypes, Map<String, List<String>> fields) {

    public static final String FIELDS = "principal.objectId, principal.upn, principal.appId, principal.type, "
            + "client.ip, vault.id, vault.name, operation.name, operation.kind, object.name";

    public DetectionException {
        alertTypes = alertTypes == null ? List.of() : List.copyOf(alertTypes);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
