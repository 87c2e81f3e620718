package io.vigil.alert.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.alert.domain.AuditEntry;

/**
 * A subscription's audit log: the alert status history, the suppression-rule audit and the settings audit merged
 * newest first. Each trail is read through its (subscription, at, id) index up to the page size and the union is cut
 * to the page, so a page costs three short index scans however long the trails are. Keyset pagination over (at
 * descending, kind, id descending) keeps pages stable while entries are added.
 */
@ApplicationScoped
public class AuditLogRepository {

    private static final String ALERT_STATUS = """
            SELECT 'alert-status' AS kind, h.id, h.at, h.actor, 'STATUS_CHANGED' AS action, h.alert_id AS target_id,
                   a.display_name AS target_name, h.comment,
                   json_build_object('status', h.from_status)::text AS before,
                   json_build_object('status', h.to_status)::text AS after
            FROM alert_history h JOIN alert a ON a.id = h.alert_id
            WHERE h.subscription_id = $1 AND %s ORDER BY h.at DESC, h.id DESC LIMIT $2""";
    private static final String SUPPRESSION_RULE = """
            SELECT 'suppression-rule' AS kind, r.id, r.at, r.actor, r.action, r.rule_id AS target_id,
                   coalesce(r.after ->> 'name', r.before ->> 'name') AS target_name,
                   coalesce(r.after ->> 'comment', r.before ->> 'comment') AS comment,
                   r.before::text AS before, r.after::text AS after
            FROM suppression_rule_audit r
            WHERE r.subscription_id = $1 AND %s ORDER BY r.at DESC, r.id DESC LIMIT $2""";
    private static final String SETTINGS = """
            SELECT 'settings' AS kind, s.id, s.at, s.actor, 'UPDATED' AS action, s.section AS target_id,
                   'version ' || s.version AS target_name, NULL AS comment,
                   s.before::text AS before, s.after::text AS after
            FROM settings_audit s
            WHERE s.subscription_id = $1 AND %s ORDER BY s.at DESC, s.id DESC LIMIT $2""";

    private static final Map<String, String> TRAILS = Map.of(AuditEntry.ALERT_STATUS, ALERT_STATUS,
            AuditEntry.SUPPRESSION_RULE, SUPPRESSION_RULE, AuditEntry.SETTINGS, SETTINGS);
    private static final Map<String, String> ALIASES = Map.of(AuditEntry.ALERT_STATUS, "h",
            AuditEntry.SUPPRESSION_RULE, "r", AuditEntry.SETTINGS, "s");

    private final Pool pool;

    public AuditLogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} entries of the given kinds after {@code after} (null: from the newest), newest first. */
    public Uni<List<AuditEntry>> page(String subscriptionId, List<String> kinds, AuditEntry.Position after,
            int limit) {
        boolean idUsed = after != null && kinds.contains(after.kind());
        List<String> parts = new ArrayList<>();
        for (String kind : AuditEntry.KINDS) {
            if (kinds.contains(kind)) {
                String alias = ALIASES.get(kind);
                String condition = after == null ? "TRUE" : continuation(alias, kind, after);
                parts.add("(" + TRAILS.get(kind).formatted(condition) + ")");
            }
        }
        String sql = "SELECT * FROM (" + String.join(" UNION ALL ", parts) + ") e "
                + "ORDER BY e.at DESC, e.kind COLLATE \"C\", e.id DESC LIMIT $2";
        Tuple parameters = Tuple.of(subscriptionId, limit);
        if (after != null) {
            parameters.addOffsetDateTime(after.at().atOffset(ZoneOffset.UTC));
            if (idUsed) {
                parameters.addLong(after.id());
            }
        }
        return pool.preparedQuery(sql).execute(parameters).map(rows -> {
            List<AuditEntry> entries = new ArrayList<>();
            for (Row row : rows) {
                entries.add(new AuditEntry(row.getString("kind"), row.getLong("id"),
                        row.getOffsetDateTime("at").toInstant(), row.getString("actor"), row.getString("action"),
                        row.getString("target_id"), row.getString("target_name"), row.getString("comment"),
                        row.getString("before"), row.getString("after")));
            }
            return entries;
        });
    }

    /**
     * What follows the position in this trail: older entries; at the same time, those of a later kind, and of the
     * same kind those with a smaller id ($3 is the position's time, $4 its id, bound only when a trail uses it:
     * PostgreSQL refuses a parameter it cannot type).
     */
    private static String continuation(String alias, String kind, AuditEntry.Position after) {
        int order = kind.compareTo(after.kind());
        if (order > 0) {
            return alias + ".at <= $3";
        }
        if (order < 0) {
            return alias + ".at < $3";
        }
        return "(" + alias + ".at < $3 OR (" + alias + ".at = $3 AND " + alias + ".id < $4))";
    }
}
