package io.vigil.events;

import java.time.Instant;
import java.util.List;

/**
 * An alert as alert-service stored it, published on every change. {@code (alertId, version)} identifies one state,
 * so consumers that already handled a version ignore its redelivery.
 *
 * @param suppressedBy the id of the suppression rule that dismissed the alert on arrival, if one did
 * @param simulated a sample alert raised on request to check the delivery chain, not a finding
 */
public record AlertEvent(
        String alertId,
        int schemaVersion,
        long version,
        Change change,
        String subscriptionId,
        AlertType alertType,
        String displayName,
        String description,
        Severity severity,
        AlertStatus status,
        List<String> tactics,
        List<String> techniques,
        Source source,
        Vault vault,
        Principal principal,
        AccessEvent.Client client,
        IpEnrichment ip,
        Instant firstSeen,
        Instant lastSeen,
        int detectionCount,
        List<AccessedObject> objects,
        Evidence evidence,
        List<String> remediationSteps,
        String correlationKey,
        Instant createdAt,
        Instant updatedAt,
        String suppressedBy,
        boolean simulated) {

    public static final int SCHEMA_VERSION = 1;

    public enum Change {
        CREATED, UPDATED, STATUS_CHANGED
    }

    /** Kafka key: every version of one alert lands on one partition, in order. */
    public String partitionKey() {
        return alertId;
    }
}
