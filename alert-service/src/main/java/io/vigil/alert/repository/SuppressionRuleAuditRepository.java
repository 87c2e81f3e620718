package io.vigil.alert.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.SuppressionRuleAudit;

@ApplicationScoped
public class SuppressionRuleAuditRepository implements PanacheRepository<SuppressionRuleAudit> {

    public Uni<List<SuppressionRuleAudit>> ofRule(String subscriptionId, String ruleId) {
        return list("subscriptionId = ?1 and ruleId = ?2", Sort.ascending("at", "id"), subscriptionId, ruleId);
    }
}
