package io.vigil.ingest.messaging;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessEventJson;

/**
 * Publishes a batch of access events keyed by vault and completes once Kafka acknowledged every one (acks=all,
 * idempotent producer, configured on the {@value #CHANNEL} channel).
 * <p>
 * The caller's worker thread writes and sends the whole batch to the producer itself, and one counter, not a future per
 * record, tells when all are acknowledged: ingest's throughput is bounded by this path. {@code send} may block (on
 * metadata, or a full buffer) for at most {@code max.block.ms}, which a worker may; after a first failure the rest of
 * the batch is not even sent, since the batch is refused as a whole.
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

    /** Must run on a worker thread. */
    public Uni<Void> publish(List<AccessEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Producer<String, byte[]> producer = kafka.<String, byte[]>getProducer(CHANNEL).unwrap();
        return Uni.createFrom().emitter(emitter -> {
            Acknowledgements acknowledgements = new Acknowledgements(events.size(), emitter);
            AccessEventJson json = new AccessEventJson();
            for (AccessEvent event : events) {
                if (acknowledgements.failed()) {
                    return;
                }
                producer.send(new ProducerRecord<>(topic, event.partitionKey(), json.write(event)), acknowledgements);
            }
        });
    }

    /** Completes the batch with its last acknowledgement, or fails it with its first failure. */
    private static final class Acknowledgements implements Callback {

        private final AtomicInteger pending;
        private final AtomicBoolean failed = new AtomicBoolean();
        private final UniEmitter<? super Void> emitter;

        Acknowledgements(int records, UniEmitter<? super Void> emitter) {
            this.pending = new AtomicInteger(records);
            this.emitter = emitter;
        }

        boolean failed() {
            return failed.get();
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            if (failure != null) {
                if (failed.compareAndSet(false, true)) {
                    emitter.fail(failure);
                }
            } else if (pending.decrementAndGet() == 0 && !failed.get()) {
                emitter.complete(null);
            }
        }
    }
}
