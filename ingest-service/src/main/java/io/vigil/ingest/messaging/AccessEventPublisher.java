package io.vigil.ingest.messaging;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * The caller's worker thread sends the whole batch to the producer itself, and one counter, not a future per record,
 * tells when all are acknowledged: ingest's throughput is bounded by this path. {@code send} may block (on
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

    /**
     * An empty batch, to be filled by one thread. A batch that will not be published (its subscription's protection
     * is off) only tells the events apart and counts them: writing them would be wasted.
     */
    public Outgoing batch(boolean published) {
        return new Outgoing(published ? topic : null);
    }

    /** Must run on a worker thread. */
    public Uni<Void> publish(Outgoing batch) {
        List<ProducerRecord<String, byte[]>> records = batch.records;
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Producer<String, byte[]> producer = kafka.<String, byte[]>getProducer(CHANNEL).unwrap();
        return Uni.createFrom().emitter(emitter -> {
            Acknowledgements acknowledgements = new Acknowledgements(records.size(), emitter);
            for (ProducerRecord<String, byte[]> record : records) {
                if (acknowledgements.failed()) {
                    return;
                }
                producer.send(record, acknowledgements);
            }
        });
    }

    /**
     * A batch's events, each written as it is added: its objects were just built and are still in the processor's
     * caches, where writing them after the whole batch was read found them evicted (with 500 vendor records a batch,
     * reading a string back for its JSON was over half of writing the event).
     */
    public static final class Outgoing {

        /** Null when the batch is only counted. */
        private final String topic;
        private final AccessEventJson json = new AccessEventJson();
        private final Set<String> ids = new HashSet<>();
        private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();

        private Outgoing(String topic) {
            this.topic = topic;
        }

        /** Adds the event unless the batch has one with its id already; says whether it did. */
        public boolean add(AccessEvent event) {
            if (!ids.add(event.eventId())) {
                return false;
            }
            if (topic != null) {
                records.add(new ProducerRecord<>(topic, event.partitionKey(), json.write(event)));
            }
            return true;
        }

        public int size() {
            return ids.size();
        }
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
