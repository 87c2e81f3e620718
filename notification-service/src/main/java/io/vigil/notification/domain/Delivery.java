package io.vigil.notification.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.vigil.events.Severity;

/** One notification to one recipient about one alert, claimed before it is sent. */
@Entity
@Table(name = "delivery")
public class Delivery {

    public enum Status {
        /** Being sent; counts against the address's limit. */
        CLAIMED,
        /** Sent; counts against the address's limit for the throttle window. */
        SENT,
        /** Over the address's limit: not sent, held for the next email or the digest. */
        THROTTLED,
        /** Was throttled, then listed in a later email or digest ({@link #summarisedBy}). */
        SUMMARISED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String alertId;
    public long alertVersion;
    public String subscriptionId;
    public String channel;
    public String recipient;
    @Enumerated(EnumType.STRING)
    public Status status;
    public Instant claimedAt;
    public Instant sentAt;
    /** The alert's severity; null for ledger rows from before throttling and for digests, which count against none. */
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public String alertType;
    public String alertName;
    public String vaultName;
    public Long summarisedBy;
    public Instant summarisedAt;
}
