package io.vigil.alert.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.RuleState;
import io.vigil.alert.domain.SuppressionRule;
import io.vigil.events.AlertType;

@ApplicationScoped
public class SuppressionRuleRepository implements PanacheRepositoryBase<SuppressionRule, String> {

    /** The rules a new alert of this type is checked against, oldest first so the first match is stable. */
    public Uni<List<SuppressionRule>> activeFor(String subscriptionId, AlertType type, Instant now) {
        return list("subscriptionId = :subscription and state = :enabled and alertType in (:type, '*') "
                        + "and (expiresAt is null or expiresAt > :now)",
                Sort.ascending("createdAt", "id"),
                Parameters.with("subscription", subscriptionId).and("enabled", RuleState.Enabled)
                        .and("type", type.name()).and("now", now));
    }

    /** {@code type} null means every rule; otherwise the rules that apply to it (its own and the '*' ones). */
    public Uni<List<SuppressionRule>> ofSubscription(String subscriptionId, AlertType type) {
        if (type == null) {
            return list("subscriptionId", Sort.ascending("name"), subscriptionId);
        }
        return list("subscriptionId = ?1 and alertType in (?2, '*')", Sort.ascending("name"), subscriptionId,
                type.name());
    }

    /** Locked for the rest of the transaction, so two edits made on the same version cannot both win. */
    public Uni<SuppressionRule> findForUpdate(String subscriptionId, String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(rule -> rule != null && rule.subscriptionId.equals(subscriptionId) ? rule : null);
    }

    public Uni<Boolean> nameTaken(String subscriptionId, String name, String exceptId) {
        return count("subscriptionId = ?1 and name = ?2 and id <> ?3", subscriptionId, name, exceptId)
                .map(n -> n > 0);
    }

    /**
     * Counted in SQL rather than through the entity: concurrent matches must not lose increments, and usage is not
     * an edit, so the rule's version (its ETag) stays.
     */
    public Uni<Integer> countMatch(String id, Instant at) {
        return update("suppressedCount = suppressedCount + 1, lastMatchedAt = ?1 where id = ?2", at, id);
    }
}
