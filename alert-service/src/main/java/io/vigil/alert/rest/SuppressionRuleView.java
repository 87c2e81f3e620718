package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

import io.vigil.alert.domain.RuleConditions;
import io.vigil.alert.domain.RuleState;
import io.vigil.alert.domain.SuppressionReason;
import io.vigil.alert.domain.SuppressionRule;

/**
 * A rule as the API shows it. {@code state} is what was set (send it back on PUT); {@code effectiveState} adds
 * Defender's Expired once {@code expiresAt} has passed.
 */
public record SuppressionRuleView(
        String id,
        String subscriptionId,
        String name,
        String alertType,
        List<RuleConditions.Condition> conditions,
        SuppressionReason reason,
        String comment,
        Instant expiresAt,
        RuleState state,
        String effectiveState,
        long suppressedCount,
        Instant lastMatchedAt,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt,
        long version) {

    static SuppressionRuleView of(SuppressionRule r, Instant now) {
        return new SuppressionRuleView(r.id, r.subscriptionId, r.name, r.alertType, r.conditions.allOf(), r.reason,
                r.comment, r.expiresAt, r.state, r.effectiveState(now), r.suppressedCount, r.lastMatchedAt,
                r.createdBy, r.createdAt, r.updatedBy, r.updatedAt, r.version);
    }
}
