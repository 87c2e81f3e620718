package io.vigil.events;

import java.time.Instant;
import java.util.List;

/**
 * The settings of one subscription that services other than alert-service follow, published on the compacted
 * {@link Topics#CONFIG} topic keyed by subscription id; a tombstone (null value) restores the defaults.
 *
 * @param protectionEnabled the subscription's plan: when off, its events are acknowledged but not analysed
 * @param trustedNetworks CIDRs whose traffic is trusted: it beats threat lists, as in GuardDuty
 * @param detectionExceptions allow-listed activity that detection-service never raises detections for
 */
public record SubscriptionConfig(
        int schemaVersion,
        String subscriptionId,
        boolean protectionEnabled,
        List<String> trustedNetworks,
        Instant updatedAt,
        List<DetectionException> detectionExceptions) {

    public static final int SCHEMA_VERSION = 1;

    public SubscriptionConfig {
        trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
        detectionExceptions = detectionExceptions == null ? List.of() : List.copyOf(detectionExceptions);
    }

    /** A configuration without detection exceptions, as published before exceptions existed. */
    public SubscriptionConfig(int schemaVersion, String subscriptionId, boolean protectionEnabled,
            List<String> trustedNetworks, Instant updatedAt) {
        this(schemaVersion, subscriptionId, protectionEnabled, trustedNetworks, updatedAt, List.of());
    }
}
