package io.vigil.alert.repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertFilter;
import io.vigil.alert.domain.AlertSort;
import io.vigil.alert.domain.Keyset;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, String> {

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

    /**
     * The open alerts of these correlation keys active since {@code notBefore}, locked for the transaction in id
     * order: a batch of detections updates them while a responder may be changing their status.
     */
    public Uni<List<Alert>> lockOpen(List<String> correlationKeys, Instant notBefore) {
        return find("correlationKey in :keys and status in :open and lastSeen >= :notBefore", Sort.ascending("id"),
                Parameters.with("keys", correlationKeys)
                        .and("open", List.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS))
                        .and("notBefore", notBefore))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    // ---- the query API (AlertSql, indexes of V5) ----

    /** A page of a subscription's alerts matching the filter, {@code fetch} at most, after the keyset if given. */
    public Uni<List<Alert>> page(String subscriptionId, AlertFilter filter, AlertSort sort, boolean descending,
            Keyset after, int fetch) {
        return sql(subscriptionId, filter).chain(sql -> byIds(sql.page(sort, descending, after, fetch)));
    }

    /** The filter's SQL, its vault names resolved to vault ids first. */
    private Uni<AlertSql> sql(String subscriptionId, AlertFilter filter) {
        if (filter.vaults().isEmpty()) {
            return Uni.createFrom().item(AlertSql.of(subscriptionId, filter, List.of()));
        }
        Set<String> ids = new LinkedHashSet<>(filter.vaults());
        return Multi.createFrom().iterable(filter.vaults()).onItem()
                .transformToUniAndConcatenate(name -> strings(AlertSql.vaultIdsNamed(subscriptionId, name))
                        .invoke(ids::addAll))
                .collect().last()
                .map(ignored -> AlertSql.of(subscriptionId, filter, List.copyOf(ids)));
    }

    /** How many alerts match the filter, counting at most {@code cap} (null: all). */
    public Uni<Long> count(String subscriptionId, AlertFilter filter, Integer cap) {
        return sql(subscriptionId, filter).map(sql -> sql.count(cap)).chain(query -> getSession()
                .chain(session -> bind(session.createNativeQuery(query.sql(), Long.class), query).getSingleResult()))
                .map(Number::longValue);
    }

    /** Rows of (severity rank, type, status, UTC day, count): one grouping per row, the other keys null. */
    public Uni<List<Object[]>> statistics(String subscriptionId, AlertFilter filter) {
        return sql(subscriptionId, filter).chain(sql -> rows(sql.statistics()));
    }

    /** Rows of (status, count) of the matching alerts. */
    public Uni<List<Object[]>> countByStatus(String subscriptionId, AlertFilter filter) {
        return sql(subscriptionId, filter).chain(sql -> rows(sql.countByStatus()));
    }

    /** The next {@code limit} matching alerts in an eligible status after {@code afterId}, locked, in id order. */
    public Uni<List<Alert>> lockEligible(String subscriptionId, AlertFilter filter, List<AlertStatus> eligible,
            String afterId, int limit) {
        return sql(subscriptionId, filter).chain(sql -> byIds(sql.lockEligible(eligible, afterId, limit)));
    }

    /**
     * The subscription's vaults: rows of (vault id, latest name, last activity, open alerts, open High, Medium, Low,
     * Informational), most open alerts first. The distinct vault ids come from a skip scan of the vault-id index
     * (one probe per vault, however many alerts each has), the open counts from the partial index of open alerts.
     */
    public Uni<List<Object[]>> vaults(String subscriptionId) {
        return rows(new AlertSql.Query("""
                WITH RECURSIVE v(vault_id) AS (
                    (SELECT vault_id FROM alert WHERE subscription_id = :subscription ORDER BY vault_id LIMIT 1)
                    UNION ALL
                    SELECT (SELECT a.vault_id FROM alert a WHERE a.subscription_id = :subscription
                            AND a.vault_id > v.vault_id ORDER BY a.vault_id LIMIT 1)
                    FROM v WHERE v.vault_id IS NOT NULL)
                SELECT v.vault_id, l.vault_name, l.last_seen, o.open_total, o.open_high, o.open_medium, o.open_low,
                       o.open_info
                FROM v
                CROSS JOIN LATERAL (SELECT x.vault_name, x.last_seen FROM alert x
                                    WHERE x.subscription_id = :subscription AND x.vault_id = v.vault_id
                                    ORDER BY x.last_seen DESC, x.id DESC LIMIT 1) l
                CROSS JOIN LATERAL (SELECT count(*) AS open_total,
                                           count(*) FILTER (WHERE y.severity_rank = 3) AS open_high,
                                           count(*) FILTER (WHERE y.severity_rank = 2) AS open_medium,
                                           count(*) FILTER (WHERE y.severity_rank = 1) AS open_low,
                                           count(*) FILTER (WHERE y.severity_rank = 0) AS open_info
                                    FROM alert y WHERE y.subscription_id = :subscription
                                    AND y.vault_id = v.vault_id AND y.status IN (:open)) o
                WHERE v.vault_id IS NOT NULL
                ORDER BY o.open_total DESC, l.last_seen DESC, v.vault_id
                LIMIT :limit""", Map.of("subscription", subscriptionId, "open", AlertSql.open(), "limit", 1000)));
    }

    /**
     * The most recently active alert of the vaults named so (without case), or else of the vault with this id; null
     * when none.
     */
    public Uni<Alert> latestOfVault(String subscriptionId, String vaultId) {
        return byIds(new AlertSql.Query("SELECT id FROM alert WHERE subscription_id = :subscription "
                + "AND vault_id = :vault ORDER BY last_seen DESC, id DESC LIMIT 1",
                Map.of("subscription", subscriptionId, "vault", vaultId)))
                .map(latest -> latest.isEmpty() ? null : latest.get(0));
    }

    /** The ids of the subscription's vaults of this name (without case), from their alerts. */
    public Uni<List<String>> vaultIdsNamed(String subscriptionId, String name) {
        return strings(AlertSql.vaultIdsNamed(subscriptionId, name));
    }

    /** Open alerts of the vault by severity rank: rows of (rank, count), from the partial index of open alerts. */
    public Uni<List<Object[]>> openBySeverity(String subscriptionId, String vaultId) {
        return rows(new AlertSql.Query("SELECT severity_rank, count(*) FROM alert WHERE subscription_id = "
                + ":subscription AND vault_id = :vault AND status IN (:open) GROUP BY severity_rank",
                Map.of("subscription", subscriptionId, "vault", vaultId, "open", AlertSql.open())));
    }

    /**
     * The vault's alerts with activity since {@code since} (null: any time), newest first, at most {@code limit};
     * {@code excluded} statuses left out (none: every alert).
     */
    public Uni<List<Alert>> ofVault(String subscriptionId, String vaultId, Instant since, List<AlertStatus> excluded,
            int limit) {
        StringBuilder sql = new StringBuilder("SELECT id FROM alert WHERE subscription_id = :subscription "
                + "AND vault_id = :vault");
        Map<String, Object> parameters = new HashMap<>(Map.of("subscription", subscriptionId,
                "vault", vaultId, "limit", limit));
        if (since != null) {
            sql.append(" AND last_seen >= :since");
            parameters.put("since", since);
        }
        if (!excluded.isEmpty()) {
            sql.append(" AND status NOT IN (:excluded)");
            parameters.put("excluded", excluded.stream().map(AlertStatus::name).toList());
        }
        return byIds(new AlertSql.Query(sql.append(" ORDER BY last_seen DESC, id DESC LIMIT :limit").toString(),
                parameters));
    }

    /** The secret that signs list cursors (migration V5). */
    public Uni<String> cursorSecret() {
        return getSession().chain(session -> session
                .createNativeQuery("SELECT secret FROM alert_cursor_key WHERE id = 1", String.class)
                .getSingleResult());
    }

    /**
     * The alerts whose ids the query selects, in the query's order. Selecting ids natively and loading the entities
     * by id keeps the SQL free of the entity's column list (and the loads are primary-key lookups).
     */
    private Uni<List<Alert>> byIds(AlertSql.Query query) {
        return getSession().chain(session -> bind(session.createNativeQuery(query.sql(), String.class), query)
                .getResultList()).chain(ids -> {
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(List.<Alert>of());
                    }
                    return list("id in ?1", ids).map(found -> {
                        Map<String, Alert> byId = new HashMap<>();
                        found.forEach(a -> byId.put(a.id, a));
                        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
                    });
                });
    }

    private Uni<List<String>> strings(AlertSql.Query query) {
        return getSession().chain(session -> bind(session.createNativeQuery(query.sql(), String.class), query)
                .getResultList());
    }

    private Uni<List<Object[]>> rows(AlertSql.Query query) {
        return getSession().chain(session -> bind(session.createNativeQuery(query.sql(), Object[].class), query)
                .getResultList());
    }

    private static <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query, AlertSql.Query source) {
        source.parameters().forEach(query::setParameter);
        return query;
    }
}
