package io.vigil.notification.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.vigil.events.Severity;

/**
 * One notification about one version of an alert to one recipient: an email address, or an export destination
 * (webhook, Slack, syslog, Kafka topic) by name. Claimed before it is sent, so a redelivered alert event finds it and
 * sends nothing; a worker sends due rows and retries failures from the state kept here.
 */
@Entity
@Table(name = "delivery")
public class Delivery {

    public enum Status {
        /** To be sent, or being sent; counts against the address's limit. */
        CLAIMED,
        /** Sent; counts against the address's limit for the throttle window. */
        SENT,
        /** An attempt failed; the next one is due at {@link #nextAttemptAt}. Counts against the address's limit. */
        RETRYING,
        /** Given up ({@link #reason} says why): failing for longer than the maximum age, or not deliverable at all. */
        FAILED,
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
    /** A later email in the thread of an alert the address was emailed about; counts against no limit. */
    public boolean followUp;
    public int attempts;
    public Instant lastAttemptAt;
    public Instant nextAttemptAt;
    /** Why it was throttled, why the last attempt failed, or why it was given up. Never a secret. */
    public String reason;
    /** The alert event (JSON) of this version while the row is still to be sent. */
    @Column(columnDefinition = "text")
    public String event;
}
