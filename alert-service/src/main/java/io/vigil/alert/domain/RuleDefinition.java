package io.vigil.alert.domain;

import java.time.Instant;
import java.util.List;

/**
 * What a user writes to create, replace or simulate a rule. {@code state} defaults to Enabled; {@code expiresAt}
 * null means no time limit.
 */
public record RuleDefinition(String name, String alertType, List<RuleConditions.Condition> conditions,
        SuppressionReason reason, String comment, Instant expiresAt, RuleState state) {
}
