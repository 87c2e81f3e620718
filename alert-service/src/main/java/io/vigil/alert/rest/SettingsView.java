package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

import io.vigil.alert.domain.SubscriptionSettings;
import io.vigil.events.DetectionException;
import io.vigil.events.ExportDestination;
import io.vigil.events.NotificationSettings;

/**
 * A subscription's settings as the API shows them.
 *
 * @param published whether ingest, detection and notification have been sent this version
 */
public record SettingsView(String subscriptionId, long version, boolean protectionEnabled,
        List<String> trustedNetworks, List<DetectionException> detectionExceptions,
        NotificationSettings notifications, List<ExportDestination> exports, String updatedBy, Instant updatedAt,
        boolean published) {

    static SettingsView of(SubscriptionSettings s) {
        return new SettingsView(s.subscriptionId, s.version, s.protectionEnabled, s.trustedNetworks.cidrs(),
                s.detectionExceptions.items(), s.notifications, s.exports.items(), s.updatedBy, s.updatedAt,
                s.publishedVersion >= s.version);
    }
}
