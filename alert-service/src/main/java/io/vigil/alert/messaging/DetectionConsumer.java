package io.vigil.alert.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.DataException;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigil.alert.config.AlertConfig;
import io.vigil.alert.service.AlertService;
import io.vigil.events.Detection;

/**
 * Detections in, a poll's worth at a time. Each batch is split by partition into
 * {@code vigil.alert.detections.concurrency} lanes that run side by side (a detection's partition follows its
 * correlation key, so one alert's detections stay in one lane, in order); each lane is folded in transactions of up
 * to {@code vigil.alert.detections.transaction-size} detections (one commit instead of one per detection). Offsets
 * are acknowledged once every lane's alert changes and outbox entries are committed, so a crash before that replays
 * the detections, which {@link AlertService#recordAll} recognises if they did commit.
 *
 * <p>A transaction that keeps failing is retried detection by detection, so that one bad detection does not hold
 * up the others: only a detection that still fails on its own (after retries that ride out a database blip) goes
 * to the dead-letter topic, as does a record that is not a detection at all.
 */
@ApplicationScoped
public class DetectionConsumer {

    private final AlertService alerts;
    private final OutboxRelay relay;
    private final int transactionSize;
    private final int concurrency;

    public DetectionConsumer(AlertService alerts, OutboxRelay relay, AlertConfig config) {
        this.alerts = alerts;
        this.relay = relay;
        this.transactionSize = Math.max(1, config.detections().transactionSize());
        this.concurrency = Math.max(1, config.detections().concurrency());
    }

    @Incoming("detections")
    public Uni<Void> consume(KafkaRecordBatch<String, Detection> batch) {
        Context context = Vertx.currentContext();
        // by partition: detections of one correlation key share a partition (it is their key), so they stay in one
        // lane, in order, and lanes never touch the same alert
        List<List<KafkaRecord<String, Detection>>> lanes = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            lanes.add(new ArrayList<>());
        }
        List<KafkaRecord<String, Detection>> unreadable = new ArrayList<>();
        for (KafkaRecord<String, Detection> record : batch.getRecords()) {
            if (record.getPayload() == null) {
                unreadable.add(record);
            } else {
                lanes.get(Math.floorMod(record.getPartition(), concurrency)).add(record);
            }
        }
        List<Uni<Void>> work = new ArrayList<>();
        for (List<KafkaRecord<String, Detection>> lane : lanes) {
            if (!lane.isEmpty()) {
                work.add(concurrency == 1 ? lane(lane, context) : onOwnContext(context, lane));
            }
        }
        Uni<Void> folded = work.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(work).andCollectFailures().replaceWithVoid();
        return folded
                .chain(() -> Multi.createFrom().iterable(unreadable).onItem().transformToUniAndConcatenate(record ->
                        deadLetter(record, new IllegalArgumentException("not a detection"), context)).collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** A lane on a duplicated context of its own, so that it has its own database session and transaction. */
    private Uni<Void> onOwnContext(Context parent, List<KafkaRecord<String, Detection>> lane) {
        Context context = VertxContext.createNewDuplicatedContext(parent);
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().<Void>emitter(emitter -> context.runOnContext(ignored -> lane(lane, context)
                .subscribe().with(emitter::complete, emitter::fail)))
                // the rest of the batch (dead letters, the acknowledgement) goes on where it began
                .emitOn(task -> parent.runOnContext(ignored -> task.run()));
    }

    /** One lane's detections, in order, in transactions of up to transaction-size. */
    private Uni<Void> lane(List<KafkaRecord<String, Detection>> records, Context context) {
        List<List<KafkaRecord<String, Detection>>> chunks = new ArrayList<>();
        for (int i = 0; i < records.size(); i += transactionSize) {
            chunks.add(records.subList(i, Math.min(records.size(), i + transactionSize)));
        }
        return Multi.createFrom().iterable(chunks).onItem()
                .transformToUniAndConcatenate(chunk -> chunk(chunk, context))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> chunk(List<KafkaRecord<String, Detection>> records, Context context) {
        List<Detection> detections = records.stream().map(KafkaRecord::getPayload).toList();
        // deferred: every attempt calls the service again, so it gets a fresh session and transaction
        return Uni.createFrom().deferred(() -> alerts.recordAll(detections))
                .onFailure(e -> !refused(e)).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(2)
                .invoke(relay::kick)
                .onFailure().recoverWithUni(failure -> {
                    if (records.size() > 1) {
                        Log.warnf("A transaction of %d detections failed (%s); storing them one by one",
                                records.size(), failure.getMessage());
                    }
                    return Multi.createFrom().iterable(records).onItem()
                            .transformToUniAndConcatenate(record -> single(record, context))
                            .collect().last().replaceWithVoid();
                });
    }

    private Uni<Void> single(KafkaRecord<String, Detection> record, Context context) {
        Detection detection = record.getPayload();
        return Uni.createFrom().deferred(() -> alerts.record(detection))
                .invoke(relay::kick)
                // ride out a database or broker blip before the record goes to the dead-letter topic; a detection
                // the database refuses (a value too long, a broken constraint) fails the same way every time
                .onFailure(e -> !refused(e)).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(8)
                .onFailure().recoverWithUni(e -> {
                    Log.errorf(e, "Detection %s could not be turned into an alert; it goes to the dead-letter topic",
                            detection.detectionId());
                    return deadLetter(record, e, context);
                });
    }

    /** A failure that retrying cannot cure: the detection's content, not the database's state. */
    static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataException || cause instanceof ConstraintViolationException
                    || cause instanceof NullPointerException || cause instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> deadLetter(KafkaRecord<String, Detection> record, Throwable reason, Context context) {
        Uni<Void> sent = Uni.createFrom().completionStage(record.nack(reason));
        return context == null ? sent : sent.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
