package io.vigil.alert.domain;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.vigil.events.SubscriptionConfig;

/**
 * A subscription's settings. {@code publishedVersion} trails {@code version} until Kafka acknowledged the change, so
 * a change committed while the broker was away is published later rather than lost.
 */
@Entity
@Table(name = "subscription_settings")
public class SubscriptionSettings {

    @Id
    public String subscriptionId;
    public long version;
    public long publishedVersion;
    public boolean protectionEnabled;
    /** A JSON object column: Hibernate Reactive maps JSON objects, not top-level JSON arrays. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Networks trustedNetworks;
    public String updatedBy;
    public Instant updatedAt;

    public record Networks(List<String> cidrs) {
    }

    /** What a subscription without stored settings gets: protection on, nothing trusted. */
    public static SubscriptionSettings defaults(String subscriptionId) {
        SubscriptionSettings settings = new SubscriptionSettings();
        settings.subscriptionId = subscriptionId;
        settings.protectionEnabled = true;
        settings.trustedNetworks = new Networks(List.of());
        return settings;
    }

    public SubscriptionConfig toConfig() {
        return new SubscriptionConfig(SubscriptionConfig.SCHEMA_VERSION, subscriptionId, protectionEnabled,
                trustedNetworks.cidrs(), updatedAt);
    }
}
