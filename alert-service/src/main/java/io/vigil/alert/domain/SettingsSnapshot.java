package io.vigil.alert.domain;

import java.util.List;

import io.vigil.events.DetectionException;
import io.vigil.events.ExportDestination;
import io.vigil.events.NotificationSettings;

/** Every section of a subscription's settings at one version: what the audit keeps before and after a change. */
public record SettingsSnapshot(long version, boolean protectionEnabled, List<String> trustedNetworks,
        List<DetectionException> detectionExceptions, NotificationSettings notifications,
        List<ExportDestination> exports) {

    public SettingsSnapshot withPlan(boolean protection, List<String> networks) {
        return new SettingsSnapshot(version, protection, networks, detectionExceptions, notifications, exports);
    }

    public SettingsSnapshot withDetectionExceptions(List<DetectionException> exceptions) {
        return new SettingsSnapshot(version, protectionEnabled, trustedNetworks, exceptions, notifications, exports);
    }

    public SettingsSnapshot withNotifications(NotificationSettings settings) {
        return new SettingsSnapshot(version, protectionEnabled, trustedNetworks, detectionExceptions, settings,
                exports);
    }

    public SettingsSnapshot withExports(List<ExportDestination> destinations) {
        return new SettingsSnapshot(version, protectionEnabled, trustedNetworks, detectionExceptions, notifications,
                destinations);
    }
}
