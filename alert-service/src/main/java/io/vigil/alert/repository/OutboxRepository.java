package io.vigil.alert.repository;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.OutboxEntry;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntry> {

    /** Arbitrary but fixed: the advisory lock that makes one replica at a time the relay, which keeps order. */
    private static final long RELAY_LOCK = 0x76696769_6c6f7574L;

    /** Takes the relay lock for the current transaction; false when another replica is relaying. */
    public Uni<Boolean> tryRelayLock() {
        return getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                .getSingleResult());
    }

    /** Hibernate's own JSON mapping of the payload column (its default Jackson mapper), so reads see no difference. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    /** Rows per statement: four parameters each, far below PostgreSQL's 65,535. */
    private static final int ROWS_PER_INSERT = 1000;

    /**
     * Writes the entries with one multi-row INSERT per thousand (one round trip instead of one per entry). The
     * sequence numbers them in list order, so the relay publishes them in the order they are given.
     */
    public Uni<Void> insertAll(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<OutboxEntry> first = entries.subList(0, Math.min(entries.size(), ROWS_PER_INSERT));
        StringBuilder sql = new StringBuilder("INSERT INTO outbox (alert_id, alert_version, payload, created_at) VALUES ");
        for (int i = 0; i < first.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:a").append(i).append(", :v").append(i)
                    .append(", CAST(CAST(:p").append(i).append(" AS text) AS jsonb), :t").append(i).append(')');
        }
        return getSession().chain(session -> {
            var insert = session.createNativeQuery(sql.toString());
            for (int i = 0; i < first.size(); i++) {
                OutboxEntry entry = first.get(i);
                insert.setParameter("a" + i, entry.alertId).setParameter("v" + i, entry.alertVersion)
                        .setParameter("p" + i, json(entry)).setParameter("t" + i, entry.createdAt);
            }
            return insert.executeUpdate();
        }).chain(() -> insertAll(entries.subList(first.size(), entries.size())));
    }

    private static String json(OutboxEntry entry) {
        try {
            return JSON.writeValueAsString(entry.payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert event not serialisable", e);
        }
    }

    public Uni<List<OutboxEntry>> oldest(int limit) {
        return findAll(Sort.ascending("id")).page(0, limit).list();
    }

    public Uni<Long> deleteUpTo(long lastId) {
        return delete("id <= ?1", lastId);
    }
}
