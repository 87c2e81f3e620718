package io.vigil.alert.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Dismisses new alerts of its subscription that match it; see {@link SuppressionMatcher}. */
@Entity
@Table(name = "suppression_rule")
public class SuppressionRule {

    /** Rules of every type; stored in {@link #alertType}. */
    public static final String ANY_TYPE = "*";

    @Id
    public String id;
    public long version;
    public String subscriptionId;
    public String name;
    /** An {@link io.vigil.events.AlertType} name or {@link #ANY_TYPE}; a string because of the wildcard. */
    public String alertType;
    @JdbcTypeCode(SqlTypes.JSON)
    public RuleConditions conditions;
    @Enumerated(EnumType.STRING)
    public SuppressionReason reason;
    public String comment;
    public Instant expiresAt;
    @Enumerated(EnumType.STRING)
    public RuleState state;
    public String createdBy;
    public Instant createdAt;
    public String updatedBy;
    public Instant updatedAt;
    public long suppressedCount;
    public Instant lastMatchedAt;

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** What the rule does now: Enabled, Disabled, or Expired once its end has passed. */
    public String effectiveState(Instant now) {
        return expiredAt(now) ? "Expired" : state.name();
    }

    public boolean activeAt(Instant now) {
        return state == RuleState.Enabled && !expiredAt(now);
    }
}
