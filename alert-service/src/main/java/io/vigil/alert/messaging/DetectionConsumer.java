package io.vigil.alert.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AlertService;
import io.vigil.events.Detection;

/**
 * Detections in, alert events out. The offset is committed only after the alert is stored and its event
 * acknowledged, so a crash in between replays the detection, which {@link AlertService#record} recognises.
 */
@ApplicationScoped
public class DetectionConsumer {

    private final AlertService alerts;
    private final AlertEventPublisher publisher;

    public DetectionConsumer(AlertService alerts, AlertEventPublisher publisher) {
        this.alerts = alerts;
        this.publisher = publisher;
    }

    @Incoming("detections")
    public Uni<Void> consume(Detection detection) {
        return alerts.record(detection)
                .chain(publisher::publish)
                // ride out a database or broker blip before the record goes to the dead-letter topic
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .onFailure().invoke(e -> Log.errorf(e, "Detection %s could not be turned into an alert; it goes to "
                        + "the dead-letter topic", detection.detectionId()));
    }
}
