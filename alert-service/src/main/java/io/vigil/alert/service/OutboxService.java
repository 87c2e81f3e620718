package io.vigil.alert.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.OutboxEntry;
import io.vigil.alert.messaging.AlertEventPublisher;
import io.vigil.alert.repository.OutboxRepository;

/**
 * Relays committed alert events to Kafka in commit order. Rows are deleted only after Kafka acknowledged them, in
 * the same transaction that held the relay lock: a crash in between republishes, and consumers drop the repeated
 * (alert id, version).
 */
@ApplicationScoped
public class OutboxService {

    private final OutboxRepository outbox;
    private final AlertEventPublisher publisher;

    public OutboxService(OutboxRepository outbox, AlertEventPublisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    /** Publishes up to {@code limit} of the oldest entries; answers how many (0 when another replica relays). */
    @WithTransaction
    public Uni<Integer> relay(int limit) {
        return outbox.tryRelayLock().chain(locked -> !locked ? Uni.createFrom().item(0)
                : outbox.oldest(limit).chain(entries -> entries.isEmpty() ? Uni.createFrom().item(0)
                        : publishInOrder(entries)
                                .chain(() -> outbox.deleteUpTo(entries.get(entries.size() - 1).id))
                                .replaceWith(entries.size())));
    }

    // sends are issued in id order and the idempotent producer keeps that order per partition (per alert)
    private Uni<Void> publishInOrder(List<OutboxEntry> entries) {
        return Uni.join().all(entries.stream().map(entry -> publisher.publish(entry.payload)).toList())
                .andFailFast().replaceWithVoid();
    }
}
