package io.vigil.alert.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.alert.domain.AlertFilter;
import io.vigil.alert.domain.AlertSort;
import io.vigil.alert.domain.Keyset;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;

/**
 * The SQL of the alert query API, built from a filter over the columns and indexes of migration V5. Values are
 * always bound parameters, never spliced into the text.
 *
 * <p>A principal is an object id, a UPN or an application id: one value in three columns. A disjunction over columns
 * would make PostgreSQL fetch every match and sort it; a page query instead runs one branch per column, each an
 * ordered index range with the page's limit, and merges them (UNION drops an alert two branches found). Counts,
 * statistics and bulk changes use the plain disjunction. A vault is a name or an id: names are resolved to ids first
 * ({@link #vaultIdsNamed}), so the vault filter is one column.
 */
final class AlertSql {

    /** SQL text and its named parameters. */
    record Query(String sql, Map<String, Object> parameters) {
    }

    private static final List<String> OPEN = List.of(AlertStatus.ACTIVE.name(), AlertStatus.IN_PROGRESS.name());

    private final StringBuilder where = new StringBuilder();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    /** Each group: alternatives of which one must hold (principal columns, vault columns). */
    private final List<List<String>> anyOf = new ArrayList<>();

    private AlertSql(String subscriptionId, AlertFilter filter, List<String> vaultIds) {
        where.append("subscription_id = :subscription");
        parameters.put("subscription", subscriptionId);
        if (!filter.types().isEmpty()) {
            and("alert_type IN (:types)", "types", filter.types().stream().map(AlertType::name).toList());
        }
        if (!filter.severities().isEmpty()) {
            // the rank, not the name: it is what the severity index holds
            and("severity_rank IN (:ranks)", "ranks",
                    filter.severities().stream().map(severity -> (short) severity.ordinal()).toList());
        }
        if (filter.minSeverity() != null) {
            and("severity_rank >= :minRank", "minRank", (short) filter.minSeverity().ordinal());
        }
        if (!filter.statuses().isEmpty()) {
            and("status IN (:statuses)", "statuses", filter.statuses().stream().map(AlertStatus::name).toList());
        }
        if (filter.from() != null) {
            and("last_seen >= :from", "from", filter.from());
        }
        if (filter.to() != null) {
            and("last_seen < :to", "to", filter.to());
        }
        if (!filter.addresses().isEmpty() || !filter.ranges().isEmpty()) {
            List<String> ip = new ArrayList<>();
            for (int i = 0; i < filter.addresses().size(); i++) {
                ip.add("client_ip = CAST(CAST(:address" + i + " AS text) AS inet)");
                parameters.put("address" + i, filter.addresses().get(i));
            }
            for (int i = 0; i < filter.ranges().size(); i++) {
                ip.add("client_ip <<= CAST(CAST(:range" + i + " AS text) AS inet)");
                parameters.put("range" + i, filter.ranges().get(i));
            }
            where.append(" AND (").append(String.join(" OR ", ip)).append(')');
        }
        if (!filter.principals().isEmpty()) {
            parameters.put("principals", filter.principals());
            anyOf.add(List.of("principal_object_id IN (:principals)", "principal_upn IN (:principals)",
                    "principal_app_id IN (:principals)"));
        }
        if (!filter.vaults().isEmpty()) {
            // names already resolved to ids (together with the values given as ids)
            and("vault_id IN (:vaults)", "vaults", vaultIds);
        }
    }

    /** @param vaultIds the filter's vaults as ids: the values given, and the ids of the vaults they name */
    static AlertSql of(String subscriptionId, AlertFilter filter, List<String> vaultIds) {
        return new AlertSql(subscriptionId, filter, vaultIds);
    }

    /**
     * The ids of the vaults of this name (without case), by skipping through the name index: one probe per vault,
     * however many alerts each has.
     */
    static Query vaultIdsNamed(String subscriptionId, String name) {
        return new Query("""
                WITH RECURSIVE ids(vault_id) AS (
                    (SELECT vault_id FROM alert WHERE subscription_id = :subscription AND lower(vault_name) = :name
                     ORDER BY vault_id LIMIT 1)
                    UNION ALL
                    SELECT (SELECT a.vault_id FROM alert a WHERE a.subscription_id = :subscription
                            AND lower(a.vault_name) = :name AND a.vault_id > ids.vault_id ORDER BY a.vault_id LIMIT 1)
                    FROM ids WHERE ids.vault_id IS NOT NULL)
                SELECT vault_id FROM ids WHERE vault_id IS NOT NULL""", Map.of("subscription", subscriptionId,
                "name", name.toLowerCase(java.util.Locale.ROOT)));
    }

    private void and(String condition, String name, Object value) {
        where.append(" AND ").append(condition);
        parameters.put(name, value);
    }

    /** Every condition, the column alternatives as disjunctions. */
    String condition() {
        StringBuilder all = new StringBuilder(where);
        for (List<String> group : anyOf) {
            all.append(" AND (").append(String.join(" OR ", group)).append(')');
        }
        return all.toString();
    }

    /** The ids of one page: up to {@code fetch} alerts after {@code after} (null: from the start), in order. */
    Query page(AlertSort sort, boolean descending, Keyset after, int fetch) {
        Map<String, Object> params = new LinkedHashMap<>(parameters);
        List<String> keys = switch (sort) {
            case LAST_SEEN -> List.of("last_seen", "id");
            case FIRST_SEEN -> List.of("first_seen", "id");
            case SEVERITY -> List.of("severity_rank", "last_seen", "id");
        };
        String direction = descending ? " DESC" : " ASC";
        String keyset = "";
        if (after != null) {
            List<String> values = new ArrayList<>();
            if (sort == AlertSort.SEVERITY) {
                values.add(":afterRank");
                params.put("afterRank", (short) after.severityRank());
            }
            values.add(":afterTime");
            values.add(":afterId");
            params.put("afterTime", after.time());
            params.put("afterId", after.id());
            keyset = " AND (" + String.join(", ", keys) + ") " + (descending ? "<" : ">") + " ("
                    + String.join(", ", values) + ")";
        }
        params.put("fetch", fetch);
        String order = " ORDER BY " + String.join(", ", keys.stream().map(k -> k + direction).toList());
        if (anyOf.isEmpty()) {
            return new Query("SELECT id FROM alert WHERE " + where + keyset + order + " LIMIT :fetch", params);
        }
        String columns = String.join(", ", keys);
        List<String> branches = new ArrayList<>();
        for (List<String> combination : combinations(0, List.of())) {
            StringBuilder branch = new StringBuilder("(SELECT ").append(columns).append(" FROM alert WHERE ")
                    .append(where);
            for (String alternative : combination) {
                branch.append(" AND ").append(alternative);
            }
            branches.add(branch.append(keyset).append(order).append(" LIMIT :fetch)").toString());
        }
        return new Query("SELECT id FROM (" + String.join(" UNION ", branches) + ") u" + order + " LIMIT :fetch",
                params);
    }

    private List<List<String>> combinations(int group, List<String> chosen) {
        if (group == anyOf.size()) {
            return List.of(chosen);
        }
        List<List<String>> all = new ArrayList<>();
        for (String alternative : anyOf.get(group)) {
            List<String> next = new ArrayList<>(chosen);
            next.add(alternative);
            all.addAll(combinations(group + 1, next));
        }
        return all;
    }

    /** How many alerts match, counting at most {@code cap} (null: all of them). */
    Query count(Integer cap) {
        if (cap == null) {
            return new Query("SELECT count(*) FROM alert WHERE " + condition(), new LinkedHashMap<>(parameters));
        }
        Map<String, Object> params = new LinkedHashMap<>(parameters);
        params.put("cap", cap);
        return new Query("SELECT count(*) FROM (SELECT 1 FROM alert WHERE " + condition() + " LIMIT :cap) c",
                params);
    }

    /** Counts by severity rank, type, status and UTC day of the last activity, in one scan. */
    Query statistics() {
        return new Query("SELECT severity_rank, alert_type, status, day, count(*) FROM ("
                + "SELECT severity_rank, alert_type, status, "
                + "to_char(last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM alert WHERE " + condition()
                + ") s GROUP BY GROUPING SETS ((severity_rank), (alert_type), (status), (day))",
                new LinkedHashMap<>(parameters));
    }

    /** How many alerts match, by current status. */
    Query countByStatus() {
        return new Query("SELECT status, count(*) FROM alert WHERE " + condition() + " GROUP BY status",
                new LinkedHashMap<>(parameters));
    }

    /**
     * The ids of the next alerts a bulk change applies to, locked for the transaction, in id order (the order every
     * locking query here takes, so two of them cannot deadlock).
     */
    Query lockEligible(List<AlertStatus> eligible, String afterId, int limit) {
        Map<String, Object> params = new LinkedHashMap<>(parameters);
        params.put("eligible", eligible.stream().map(AlertStatus::name).toList());
        params.put("limit", limit);
        String after = "";
        if (afterId != null) {
            after = " AND id > :afterId";
            params.put("afterId", afterId);
        }
        return new Query("SELECT id FROM alert WHERE " + condition() + " AND status IN (:eligible)" + after
                + " ORDER BY id LIMIT :limit FOR UPDATE", params);
    }

    static List<String> open() {
        return OPEN;
    }
}
