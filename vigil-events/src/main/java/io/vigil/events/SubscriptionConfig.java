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
 * @param notifications who is emailed; {@link NotificationSettings#defaults()} when absent
 * @param exports streaming export destinations (webhooks, syslog, Kafka)
 */
public record SubscriptionConfig(
        int schemaVersion,
        String subscriptionId,
        boolean protectionEnabled,
        List<String> trustedNetworks,
        Instant updatedAt,
        List<DetectionException> detectionExceptions,
        NotificationSettings notifications,
        List<ExportDestination> exports) {

    public static final int SCHEMA_VERSION = 1;

    public SubscriptionConfig {
        trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
        detectionExceptions = detectionExceptions == null ? List.of() : List.copyOf(detectionExceptions);
        notifications = notifications == null ? NotificationSettings.defaults() : notifications;
        exports = exports == null ? List.of() : List.copyOf(exports);
    }

    /** The configuration of a subscription nobody configured: protection on, nothing trusted or excepted. */
    public static SubscriptionConfig defaults(String subscriptionId) {
        return new SubscriptionConfig(SCHEMA_VERSION, subscriptionId, true, List.of(), null, List.of(), null,
                List.of());
    }

    /** A configuration with default notification settings and no export destinations. */
    public SubscriptionConfig(int schemaVersion, String subscriptionId, boolean protectionEnabled,
            List<String> trustedNetworks, Instant updatedAt, List<DetectionException> detectionExceptions) {
        this(schemaVersion, subscriptionId, protectionEnabled, trustedNetworks, updatedAt, detectionExceptions, null,
                List.of());
    }

    /** A configuration without detection exceptions, as published before exceptions existed. */
    public SubscriptionConfig(int schemaVersion, String subscriptionId, boolean protectionEnabled,
            List<String> trustedNetworks, Instant updatedAt) {
        this(schemaVersion, subscriptionId, protectionEnabled, trustedNetworks, updatedAt, List.of(), null, List.of());
    }
}
