package io.vigil.alert.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Severity;
import io.vigil.events.Source;

/** An alert as stored: mutable because detections of its correlation key keep updating it. */
@Entity
@Table(name = "alert")
public class Alert {

    @Id
    public String id;
    public long version;
    public String subscriptionId;
    @Enumerated(EnumType.STRING)
    public AlertType alertType;
    public String displayName;
    public String description;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Enumerated(EnumType.STRING)
    public AlertStatus status;
    @Enumerated(EnumType.STRING)
    public Source source;
    public String vaultId;
    public String vaultName;
    public Instant firstSeen;
    public Instant lastSeen;
    public int detectionCount;
    /** A JSON object column: Hibernate Reactive maps JSON objects, not top-level JSON arrays. */
    @JdbcTypeCode(SqlTypes.JSON)
    public AlertDetails details;
    public String correlationKey;
    /** The suppression rule that dismissed the alert on arrival; stays when the rule is deleted. */
    public String suppressedBy;
    /** A sample raised on request to check the delivery chain, not a finding. */
    public boolean simulated;
    public Instant createdAt;
    public Instant updatedAt;
}
