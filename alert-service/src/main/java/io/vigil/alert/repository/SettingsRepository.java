package io.vigil.alert.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.SubscriptionSettings;

@ApplicationScoped
public class SettingsRepository implements PanacheRepositoryBase<SubscriptionSettings, String> {

    /** Locks the row so concurrent changes of one subscription's settings are serialised, not lost. */
    public Uni<SubscriptionSettings> findForUpdate(String subscriptionId) {
        return findById(subscriptionId, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<SubscriptionSettings>> unpublished() {
        return list("publishedVersion < version");
    }

    public Uni<Integer> markPublished(String subscriptionId, long version) {
        return update("publishedVersion = ?1 where subscriptionId = ?2 and publishedVersion < ?1", version,
                subscriptionId);
    }
}
