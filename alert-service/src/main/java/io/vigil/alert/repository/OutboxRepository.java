package io.vigil.alert.repository;

import java.util.List;

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

    public Uni<List<OutboxEntry>> oldest(int limit) {
        return findAll(Sort.ascending("id")).page(0, limit).list();
    }

    public Uni<Long> deleteUpTo(long lastId) {
        return delete("id <= ?1", lastId);
    }
}
