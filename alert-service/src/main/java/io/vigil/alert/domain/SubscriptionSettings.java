package io.vigil.alert.domain;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.vigil.events.DetectionException;
import io.vigil.events.ExportDestination;
import io.vigil.events.NotificationSettings;
import io.vigil.events.SubscriptionConfig;

/**
 * A subscription's settings. {@code publishedVersion} trails {@code version} until Kafka acknowledged the change, so
 * a change committed while the broker was away is published later rather than lost. One version covers every
 * section, so an administrator's edit of one section made on a stale view of another is refused like any other.
 */
@Entity
@Table(name = "subscription_settings")
public class SubscriptionSettings {

    @Id
    public String subscriptionId;
    public long version;
    public long publishedVersion;
    public boolean protectionEnabled;
    /** JSON object columns: Hibernate Reactive maps JSON objects, not top-level JSON arrays. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Networks trustedNetworks;
    @JdbcTypeCode(SqlTypes.JSON)
    public Exceptions detectionExceptions;
    @JdbcTypeCode(SqlTypes.JSON)
    public NotificationSettings notifications;
    @JdbcTypeCode(SqlTypes.JSON)
    public Exports exports;
    public String updatedBy;
    public Instant updatedAt;

    public record Networks(List<String> cidrs) {
    }

    public record Exceptions(List<DetectionException> items) {
    }

    public record Exports(List<ExportDestination> items) {
    }

    /**
     * What a subscription without stored settings gets: protection on, nothing trusted or excepted, administrators
     * emailed about High alerts, nothing exported.
     */
    public static SubscriptionSettings defaults(String subscriptionId) {
        SubscriptionSettings settings = new SubscriptionSettings();
        settings.subscriptionId = subscriptionId;
        settings.protectionEnabled = true;
        settings.trustedNetworks = new Networks(List.of());
        settings.detectionExceptions = new Exceptions(List.of());
        settings.notifications = NotificationSettings.defaults();
        settings.exports = new Exports(List.of());
        return settings;
    }

    public SettingsSnapshot snapshot() {
        return new SettingsSnapshot(version, protectionEnabled, trustedNetworks.cidrs(), detectionExceptions.items(),
                notifications, exports.items());
    }

    public void apply(SettingsSnapshot s) {
        protectionEnabled = s.protectionEnabled();
        trustedNetworks = new Networks(s.trustedNetworks());
        detectionExceptions = new Exceptions(s.detectionExceptions());
        notifications = s.notifications();
        exports = new Exports(s.exports());
    }

    public SubscriptionConfig toConfig() {
        return new SubscriptionConfig(SubscriptionConfig.SCHEMA_VERSION, subscriptionId, protectionEnabled,
                trustedNetworks.cidrs(), updatedAt, detectionExceptions.items(), notifications, exports.items());
    }
}
