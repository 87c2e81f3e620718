package io.vigil.alert.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.Usage;

/**
 * Hourly usage, in plain SQL: an upsert and an aggregate are what PostgreSQL does well and an entity model does not
 * add to.
 */
@ApplicationScoped
public class UsageRepository {

    /** One bucket of the usage series. */
    public record Bucket(Instant start, long transactions) {
    }

    private final Pool pool;

    public UsageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores an hour. The same usage id again with the same count (a redelivery) changes nothing; with another count
     * (a correction) it replaces the count and counts a revision: the latest record of an hour wins.
     *
     * @return whether anything changed
     */
    public Uni<Boolean> store(Usage usage, Instant receivedAt) {
        return pool.preparedQuery("""
                INSERT INTO usage_hour (usage_id, subscription_id, hour_start, transactions, received_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (usage_id) DO UPDATE
                    SET transactions = EXCLUDED.transactions, received_at = EXCLUDED.received_at,
                        revisions = usage_hour.revisions + 1
                    WHERE usage_hour.transactions <> EXCLUDED.transactions""")
                .execute(Tuple.of(usage.usageId(), usage.subscriptionId(), utc(usage.hourStart()),
                        usage.transactions(), utc(receivedAt)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Transactions per hour or per UTC day in [from, to), oldest first; periods without usage are absent. */
    public Uni<List<Bucket>> series(String subscriptionId, Instant from, Instant to, boolean daily) {
        String bucket = daily ? "date_trunc('day', hour_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'" : "hour_start";
        return pool.preparedQuery("SELECT " + bucket + " AS bucket, sum(transactions) AS transactions"
                + " FROM usage_hour WHERE subscription_id = $1 AND hour_start >= $2 AND hour_start < $3"
                + " GROUP BY 1 ORDER BY 1")
                .execute(Tuple.of(subscriptionId, utc(from), utc(to)))
                .map(rows -> {
                    List<Bucket> buckets = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        buckets.add(new Bucket(row.getOffsetDateTime("bucket").toInstant(),
                                row.getLong("transactions")));
                    }
                    return buckets;
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
