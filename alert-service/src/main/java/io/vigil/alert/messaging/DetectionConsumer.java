package io.vigil.alert.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AlertService;
import io.vigil.events.Detection;

/**
 * Detections in. The offset is committed once the alert change and its outbox entry are committed; a crash before
 * that replays the detection, which {@link AlertService#record} recognises if it did commit.
 */
@ApplicationScoped
public class DetectionConsumer {

    private final AlertService alerts;
    private final OutboxRelay relay;

    public DetectionConsumer(AlertService alerts, OutboxRelay relay) {
        this.alerts = alerts;
        this.relay = relay;
    }

    @Incoming("detections")
    public Uni<Void> consume(Detection detection) {
        return alerts.record(detection)
                .invoke(relay::kick)
                // ride out a database or broker blip before the record goes to the dead-letter topic
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .onFailure().invoke(e -> Log.errorf(e, "Detection %s could not be turned into an alert; it goes to "
                        + "the dead-letter topic", detection.detectionId()));
    }
}
