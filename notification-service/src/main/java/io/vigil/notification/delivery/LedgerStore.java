package io.vigil.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.AlertEvent;
import io.vigil.notification.domain.Delivery.Status;

/**
 * The ledger as the delivery worker, the exports and the history see it (plain SQL: {@code FOR UPDATE SKIP LOCKED}
 * leases, {@code ON CONFLICT DO NOTHING} claims). Emails are claimed by {@code DeliveryLedger}, which also throttles.
 */
@ApplicationScoped
public class LedgerStore {

    private static final int MAX_REASON = 1000;

    private final Pool pool;

    public LedgerStore(Pool pool) {
        this.pool = pool;
    }

    /** A due row as leased to this worker: the stored event is still JSON. */
    public record Due(long id, String alertId, long alertVersion, String subscriptionId, String channel,
            String recipient, boolean followUp, int attempts, Instant claimedAt, String event) {
    }

    /** One row of an alert's delivery history. */
    public record Entry(long id, long alertVersion, String channel, String recipient, boolean followUp, String status,
            Instant claimedAt, Instant sentAt, int attempts, Instant lastAttemptAt, Instant nextAttemptAt,
            String reason, Long summarisedBy, Instant summarisedAt) {
    }

    /**
     * Claims the delivery of one alert version to one export destination, due now; false when it was claimed
     * before (a redelivered event).
     */
    public Uni<Boolean> claim(AlertEvent alert, String channel, String recipient, String event) {
        return pool.preparedQuery("""
                INSERT INTO delivery (alert_id, alert_version, subscription_id, channel, recipient, status, claimed_at,
                    severity, alert_type, alert_name, vault_name, next_attempt_at, event)
                VALUES ($1, $2, $3, $4, $5, 'CLAIMED', now(), $6, $7, $8, $9, now(), $10)
                ON CONFLICT (alert_id, alert_version, channel, recipient) DO NOTHING""")
                .execute(Tuple.tuple().addValue(alert.alertId()).addValue(alert.version())
                        .addValue(alert.subscriptionId()).addValue(channel).addValue(recipient)
                        .addValue(alert.severity().name())
                        .addValue(alert.alertType() == null ? null : alert.alertType().name())
                        .addValue(truncate(alert.displayName(), 256))
                        .addValue(alert.vault() == null ? null : truncate(alert.vault().name(), 256))
                        .addValue(event))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Leases up to {@code limit} due rows (claimed or retrying, next attempt time passed) for {@code lease}: their
     * next attempt time moves to the end of the lease, so another worker (or instance) takes them only if this one
     * dies. Each lease counts as an attempt.
     */
    public Uni<List<Due>> lease(int limit, Duration lease) {
        return pool.preparedQuery("""
                WITH due AS (
                    SELECT id FROM delivery
                    WHERE status IN ('CLAIMED', 'RETRYING') AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id
                    LIMIT $1
                    FOR UPDATE SKIP LOCKED)
                UPDATE delivery d
                SET next_attempt_at = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1,
                    last_attempt_at = now()
                FROM due WHERE d.id = due.id
                RETURNING d.id, d.alert_id, d.alert_version, d.subscription_id, d.channel, d.recipient, d.follow_up,
                    d.attempts, d.claimed_at, d.event""")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row r : rows) {
                        due.add(new Due(r.getLong("id"), r.getString("alert_id"), r.getLong("alert_version"),
                                r.getString("subscription_id"), r.getString("channel"), r.getString("recipient"),
                                r.getBoolean("follow_up"), r.getInteger("attempts"), instant(r, "claimed_at"),
                                r.getString("event")));
                    }
                    return due;
                });
    }

    public Uni<Void> sent(long id) {
        return pool.preparedQuery("UPDATE delivery SET status = 'SENT', sent_at = now(), next_attempt_at = NULL, "
                + "reason = NULL, event = NULL WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> retrying(long id, Instant next, String reason) {
        return pool.preparedQuery("UPDATE delivery SET status = 'RETRYING', next_attempt_at = $2, reason = $3 "
                + "WHERE id = $1").execute(Tuple.of(id, time(next), truncate(reason, MAX_REASON))).replaceWithVoid();
    }

    public Uni<Void> failed(long id, String reason) {
        return pool.preparedQuery("UPDATE delivery SET status = 'FAILED', next_attempt_at = NULL, reason = $2, "
                + "event = NULL WHERE id = $1").execute(Tuple.of(id, truncate(reason, MAX_REASON))).replaceWithVoid();
    }

    /** Every delivery about the alert in the subscription, oldest first. */
    public Uni<List<Entry>> history(String subscriptionId, String alertId) {
        return pool.preparedQuery("""
                SELECT id, alert_version, channel, recipient, follow_up, status, claimed_at, sent_at, attempts,
                    last_attempt_at, next_attempt_at, reason, summarised_by, summarised_at
                FROM delivery WHERE alert_id = $1 AND subscription_id = $2 ORDER BY id""")
                .execute(Tuple.of(alertId, subscriptionId))
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>();
                    for (Row r : rows) {
                        entries.add(new Entry(r.getLong("id"), r.getLong("alert_version"), r.getString("channel"),
                                r.getString("recipient"), r.getBoolean("follow_up"), r.getString("status"),
                                instant(r, "claimed_at"), instant(r, "sent_at"), r.getInteger("attempts"),
                                instant(r, "last_attempt_at"), instant(r, "next_attempt_at"), r.getString("reason"),
                                r.getLong("summarised_by"), instant(r, "summarised_at")));
                    }
                    return entries;
                });
    }

    /** Rows still to be sent (claimed or retrying), for readiness and tests. */
    public Uni<Long> pending() {
        return pool.query("SELECT count(*) FROM delivery WHERE status IN ('" + Status.CLAIMED + "', '"
                + Status.RETRYING + "') AND next_attempt_at IS NOT NULL").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
