package io.vigil.detection.messaging;

import java.util.List;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.detection.config.DetectionConfig;
import io.vigil.detection.domain.BurstGate;
import io.vigil.detection.domain.DetectionExceptions;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;
import io.vigil.events.SubscriptionConfig;

/**
 * What both detecting sub-topologies do with detections: drop those a subscription excepted, hold bursts in their
 * cooldown, and forward the rest keyed by correlation key. Bursts are per processor: a correlation key always comes
 * from the same partition (a vault's or a principal's), so its cooldown state is local.
 */
abstract class DetectingProcessor implements Processor<String, ReadEvent, String, Detection> {

    private static final Logger LOG = Logger.getLogger(DetectingProcessor.class);

    private final String burstStore;
    private final MeterRegistry meters;
    protected final DetectionConfig config;
    protected ProcessorContext<String, Detection> context;
    private TimestampedKeyValueStore<String, SubscriptionConfig> subscriptions;
    private BurstGate gate;

    DetectingProcessor(DetectionConfig config, String burstStore, MeterRegistry meters) {
        this.config = config;
        this.burstStore = burstStore;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Detection> context) {
        this.context = context;
        this.subscriptions = context.getStateStore(DetectionTopology.CONFIG_STORE);
        this.gate = new BurstGate(context.getStateStore(burstStore), config.cooldown(),
                config.maxObjectsPerDetection());
    }

    /** Ends the bursts whose cooldown is over by {@code now} (event time), emitting an update for each that went on. */
    protected void expireBursts(long now) {
        gate.expire(now).forEach(this::emit);
    }

    protected void emit(AccessEvent event, List<Detection> detections) {
        if (detections.isEmpty()) {
            return;
        }
        ValueAndTimestamp<SubscriptionConfig> subscription = subscriptions.get(event.subscriptionId());
        for (Detection detection : detections) {
            String exception = DetectionExceptions.matching(subscription == null ? null : subscription.value(),
                    detection.alertType(), event);
            if (exception != null) {
                LOG.debugf("%s on event %s excepted by %s", detection.alertType(), event.eventId(), exception);
                count(detection, "excepted");
                continue;
            }
            List<Detection> admitted = gate.admit(detection);
            if (admitted.isEmpty()) {
                count(detection, "held");
            }
            admitted.forEach(this::emit);
        }
    }

    /** Detections by alert type and fate: emitted, held in a burst's cooldown, or excepted. */
    private void count(Detection detection, String outcome) {
        meters.counter("vigil.detection.detections", "type", detection.alertType().name(), "outcome", outcome)
                .increment();
    }

    private void emit(Detection detection) {
        count(detection, "emitted");
        context.forward(new Record<>(detection.correlationKey(), detection, detection.lastSeen().toEpochMilli()));
    }
}
