package io.vigil.alert.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, String> {

    /** The open alert a new detection of this correlation key should update, if it was active recently enough. */
    public Uni<Alert> findOpen(String correlationKey, Instant notBefore) {
        return find("correlationKey = :key and status in :open and lastSeen >= :notBefore",
                Sort.descending("lastSeen"),
                Parameters.with("key", correlationKey)
                        .and("open", List.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS))
                        .and("notBefore", notBefore))
                .firstResult();
    }

    /** The alert this rule dismissed for this correlation key, if it was active recently enough to absorb more. */
    public Uni<Alert> findSuppressed(String correlationKey, String ruleId, Instant notBefore) {
        return find("correlationKey = :key and suppressedBy = :rule and status = :dismissed and lastSeen >= :notBefore",
                Sort.descending("lastSeen"),
                Parameters.with("key", correlationKey).and("rule", ruleId).and("dismissed", AlertStatus.DISMISSED)
                        .and("notBefore", notBefore))
                .firstResult();
    }

    /**
     * Newest first. {@code subscriptions} empty means every subscription (an operator's token); {@code status} null
     * means any.
     */
    public Uni<List<Alert>> list(List<String> subscriptions, AlertStatus status, int pageIndex, int pageSize) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (!subscriptions.isEmpty()) {
            query.append(" and subscriptionId in :subscriptions");
            parameters.and("subscriptions", subscriptions);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        return find(query.toString(), Sort.descending("lastSeen").and("id"), parameters)
                .page(Page.of(pageIndex, pageSize)).list();
    }

    /**
     * A page of a subscription's alerts with activity since {@code since}, newest first, continuing after the
     * keyset ({@code afterLastSeen}, {@code afterId}) when given. Vigil's own alerts are left out: no rule applies
     * to them. {@code type} null means every type.
     */
    public Uni<List<Alert>> simulationPage(String subscriptionId, AlertType type, Instant since, Instant afterLastSeen,
            String afterId, int limit) {
        StringBuilder query = new StringBuilder(
                "subscriptionId = :subscription and lastSeen >= :since and alertType not in :internal");
        Parameters parameters = Parameters.with("subscription", subscriptionId).and("since", since)
                .and("internal", java.util.Arrays.stream(AlertType.values()).filter(AlertType::vigilInternal).toList());
        if (type != null) {
            query.append(" and alertType = :type");
            parameters.and("type", type);
        }
        if (afterLastSeen != null) {
            query.append(" and (lastSeen < :lastSeen or (lastSeen = :lastSeen and id < :id))");
            parameters.and("lastSeen", afterLastSeen).and("id", afterId);
        }
        return find(query.toString(), Sort.descending("lastSeen", "id"), parameters).page(Page.ofSize(limit)).list();
    }
}
