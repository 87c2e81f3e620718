package io.vigil.notification.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.notification.domain.Delivery;
import io.vigil.notification.repository.DeliveryRepository;

/**
 * Claim, send, confirm. A claim is taken before sending and released only when the send failed, so a redelivered
 * alert event never reaches a person twice; a crash between sending and confirming leaves the claim in place and
 * errs on the side of not repeating.
 */
@ApplicationScoped
public class DeliveryLedger {

    private final DeliveryRepository deliveries;

    public DeliveryLedger(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    /** The new claim, or null when this recipient was already notified (or is being notified) about the alert. */
    @WithTransaction
    public Uni<Delivery> claim(AlertEvent alert, String channel, String recipient) {
        return deliveries.find(alert.alertId(), channel, recipient)
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().nullItem();
                    }
                    Delivery delivery = new Delivery();
                    delivery.alertId = alert.alertId();
                    delivery.alertVersion = alert.version();
                    delivery.subscriptionId = alert.subscriptionId();
                    delivery.channel = channel;
                    delivery.recipient = recipient;
                    delivery.status = Delivery.Status.CLAIMED;
                    delivery.claimedAt = Instant.now();
                    return deliveries.persist(delivery);
                });
    }

    @WithTransaction
    public Uni<Void> confirm(Delivery claim) {
        return deliveries.update("status = ?1, sentAt = ?2 where id = ?3", Delivery.Status.SENT, Instant.now(),
                claim.id).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> release(Delivery claim) {
        return deliveries.deleteById(claim.id).replaceWithVoid();
    }
}
