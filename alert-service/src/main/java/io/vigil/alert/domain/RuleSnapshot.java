package io.vigil.alert.domain;

import java.time.Instant;
import java.util.List;

/** A rule's definition at one moment, as its audit trail keeps it (usage counters left out: they are not edits). */
public record RuleSnapshot(String name, String alertType, List<RuleConditions.Condition> conditions,
        SuppressionReason reason, String comment, Instant expiresAt, RuleState state, long version) {

    public static RuleSnapshot of(SuppressionRule rule) {
        return new RuleSnapshot(rule.name, rule.alertType, rule.conditions.allOf(), rule.reason, rule.comment,
                rule.expiresAt, rule.state, rule.version);
    }
}
