package io.vigil.notification.delivery;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.AlertEvent;

/**
 * The latest version of every alert ({@code alert_current}), kept from {@code vigil.alerts.v1} for snapshot exports:
 * a version replaces the stored one only if it is newer, so redelivered or reordered events change nothing.
 */
@ApplicationScoped
public class AlertProjection {

    static final int PAGE = 200;

    private final Pool pool;

    public AlertProjection(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> upsert(AlertEvent alert, String event) {
        return pool.preparedQuery("""
                INSERT INTO alert_current (alert_id, subscription_id, version, severity, alert_type, status,
                    updated_at, event)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (alert_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id,
                    version = EXCLUDED.version, severity = EXCLUDED.severity, alert_type = EXCLUDED.alert_type,
                    status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, event = EXCLUDED.event
                WHERE alert_current.version < EXCLUDED.version""")
                .execute(Tuple.tuple().addValue(alert.alertId()).addValue(alert.subscriptionId())
                        .addValue(alert.version()).addValue(alert.severity().name())
                        .addValue(alert.alertType() == null ? null : alert.alertType().name())
                        .addValue(alert.status() == null ? null : alert.status().name())
                        .addValue(LedgerStore.time(alert.updatedAt())).addValue(event))
                .replaceWithVoid();
    }

    public Uni<Boolean> exists(String subscriptionId, String alertId) {
        return pool.preparedQuery("""
                SELECT EXISTS (SELECT 1 FROM alert_current WHERE alert_id = $1 AND subscription_id = $2)
                    OR EXISTS (SELECT 1 FROM delivery WHERE alert_id = $1 AND subscription_id = $2)""")
                .execute(Tuple.of(alertId, subscriptionId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The subscription's current alerts (as stored JSON), in pages by alert id, read as the stream is consumed. */
    public Multi<String> current(String subscriptionId) {
        return Multi.createBy().repeating()
                .uni(() -> new String[] {""}, last -> page(subscriptionId, last[0]).invoke(page -> {
                    if (!page.isEmpty()) {
                        last[0] = page.get(page.size() - 1)[0];
                    }
                }))
                .whilst(page -> page.size() == PAGE)
                .onItem().transformToMultiAndConcatenate(page -> Multi.createFrom().iterable(page))
                .map(row -> row[1]);
    }

    private Uni<List<String[]>> page(String subscriptionId, String after) {
        return pool.preparedQuery("SELECT alert_id, event FROM alert_current WHERE subscription_id = $1 "
                + "AND alert_id > $2 ORDER BY alert_id LIMIT $3")
                .execute(Tuple.of(subscriptionId, after, PAGE))
                .map(rows -> {
                    List<String[]> page = new ArrayList<>(PAGE);
                    for (Row r : rows) {
                        page.add(new String[] {r.getString(0), r.getString(1)});
                    }
                    return page;
                });
    }
}
