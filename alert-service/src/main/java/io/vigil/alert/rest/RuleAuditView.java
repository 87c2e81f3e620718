package io.vigil.alert.rest;

import java.time.Instant;

import io.vigil.alert.domain.RuleSnapshot;
import io.vigil.alert.domain.SuppressionRuleAudit;

/** One change of a rule: who, when, what kind, and the definition before and after (null when created/deleted). */
public record RuleAuditView(Instant at, String actor, SuppressionRuleAudit.Action action, RuleSnapshot before,
        RuleSnapshot after) {

    static RuleAuditView of(SuppressionRuleAudit a) {
        return new RuleAuditView(a.at, a.actor, a.action, a.before, a.after);
    }
}
