package io.vigil.alert.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One change to a suppression rule with the definition before and after; outlives the rule. */
@Entity
@Table(name = "suppression_rule_audit")
public class SuppressionRuleAudit {

    public enum Action {
        CREATED, UPDATED, DELETED, ENABLED, DISABLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String ruleId;
    public String subscriptionId;
    public Instant at;
    public String actor;
    @Enumerated(EnumType.STRING)
    public Action action;
    @JdbcTypeCode(SqlTypes.JSON)
    public RuleSnapshot before;
    @JdbcTypeCode(SqlTypes.JSON)
    public RuleSnapshot after;

    public static SuppressionRuleAudit of(SuppressionRule rule, Action action, RuleSnapshot before,
            RuleSnapshot after, String actor, Instant at) {
        SuppressionRuleAudit audit = new SuppressionRuleAudit();
        audit.ruleId = rule.id;
        audit.subscriptionId = rule.subscriptionId;
        audit.at = at;
        audit.actor = actor;
        audit.action = action;
        audit.before = before;
        audit.after = after;
        return audit;
    }
}
