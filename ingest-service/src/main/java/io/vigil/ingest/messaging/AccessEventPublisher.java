package io.vigil.ingest.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.AccessEvent;

/** Publishes access events keyed by vault, completing only when Kafka acknowledged every one (acks=all). */
@ApplicationScoped
public class AccessEventPublisher {

    public static final String CHANNEL = "access-events";

    private final MutinyEmitter<AccessEvent> emitter;

    // the request's record limit bounds what one request can buffer; Kafka's own backpressure does the rest
    public AccessEventPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<AccessEvent> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(List<AccessEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(events.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> publish(AccessEvent event) {
        return emitter.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.partitionKey()).build()));
    }
}
