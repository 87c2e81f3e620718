package io.vigil.alert.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.OutboxEntry;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntry> {

    /** Arbitrary but fixed: the advisory lock that makes one replica at a time the relay, which keeps order. */
    private static final long RELAY_LOCK = 0x76696769_6c6f7574L;
    /** Hibernate's own JSON mapping of the payload column (its default Jackson mapper), so reads see no difference. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** Takes the relay lock for the current transaction; false when another replica is relaying. */
    public Uni<Boolean> tryRelayLock() {
        return getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                .getSingleResult());
    }

    /**
     * Writes the entries with one multi-row INSERT per thousand. The sequence numbers them in list order, so the
     * relay publishes them in the order they are given.
     */
    public Uni<Void> insertAll(List<OutboxEntry> entries) {
        return MultiRowInsert.insert(getSession(), "outbox", List.of("alert_id", "alert_version", "payload",
                "created_at"), List.of("%s", "%s", "CAST(CAST(%s AS text) AS jsonb)", "%s"), entries,
                entry -> new Object[] {entry.alertId, entry.alertVersion, json(entry), entry.createdAt});
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
