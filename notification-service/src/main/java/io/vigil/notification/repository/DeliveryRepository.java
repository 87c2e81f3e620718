package io.vigil.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import io.vigil.notification.domain.Delivery;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepository<Delivery> {

    public Uni<Delivery> find(String alertId, String channel, String recipient) {
        return find("alertId = ?1 and channel = ?2 and recipient = ?3", alertId, channel, recipient).firstResult();
    }
}
