package io.vigil.events;

import java.time.Instant;
import java.util.List;

/**
 * One detector firing. Detections sharing a {@code correlationKey} inside the aggregation window update one alert.
 *
 * @param detectionId deterministic, so a replayed detection is recognised downstream
 * @param objects the accessed objects, bounded; {@code objectCount} has the total
 * @param eventIds the contributing access events, bounded
 */
public record Detection(
        String detectionId,
        int schemaVersion,
        AlertType alertType,
        String subscriptionId,
        Source source,
        Vault vault,
        Principal principal,
        AccessEvent.Client client,
        IpEnrichment ip,
        Severity severity,
        List<String> tactics,
        List<String> techniques,
        Instant firstSeen,
        Instant lastSeen,
        Evidence evidence,
        List<AccessedObject> objects,
        int objectCount,
        List<String> eventIds,
        String correlationKey) {

    public static final int SCHEMA_VERSION = 1;

    public Detection {
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        objects = List.copyOf(objects);
        eventIds = List.copyOf(eventIds);
    }
}
