package io.vigil.alert.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.AlertEvent;

/** Publishes every alert state keyed by alert id, so all versions of one alert stay in order. */
@ApplicationScoped
public class AlertEventPublisher {

    private final MutinyEmitter<AlertEvent> emitter;

    public AlertEventPublisher(@Channel("alerts") MutinyEmitter<AlertEvent> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(AlertEvent event) {
        return emitter.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.partitionKey()).build()));
    }
}
