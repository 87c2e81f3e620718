package io.vigil.ingest.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessEventJson;

/**
 * Publishes a batch of access events keyed by vault and completes once Kafka acknowledged every one (acks=all,
 * idempotent producer, configured on the {@value #CHANNEL} channel). The batch goes to the producer in one task on
 * its sending thread rather than as one message per record: ingest's throughput is bounded by exactly this hand-off.
 */
@ApplicationScoped
public class AccessEventPublisher {

    public static final String CHANNEL = "access-events";

    private final KafkaClientService kafka;
    private final String topic;

    public AccessEventPublisher(KafkaClientService kafka,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    public Uni<Void> publish(List<AccessEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // serialised here, on the request's worker, so that concurrent requests don't queue on the one sending thread
        List<ProducerRecord<String, byte[]>> records = events.stream()
                .map(event -> new ProducerRecord<>(topic, event.partitionKey(), AccessEventJson.write(event)))
                .toList();
        KafkaProducer<String, byte[]> producer = kafka.getProducer(CHANNEL);
        return producer.runOnSendingThread(client -> {
            CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
            for (int i = 0; i < acks.length; i++) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                client.send(records.get(i), (metadata, failure) -> {
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(failure);
                    }
                });
                acks[i] = ack;
            }
            return CompletableFuture.allOf(acks);
        }).chain(all -> Uni.createFrom().completionStage(all)).replaceWithVoid();
    }
}
