package io.vigil.alert.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.events.SubscriptionConfig;

/** Publishes a subscription's settings to the compacted config topic, keyed by subscription: the latest wins. */
@ApplicationScoped
public class ConfigPublisher {

    private final MutinyEmitter<SubscriptionConfig> emitter;

    public ConfigPublisher(@Channel("subscription-config") MutinyEmitter<SubscriptionConfig> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(SubscriptionConfig config) {
        return emitter.sendMessage(Message.of(config).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(config.subscriptionId()).build()));
    }
}
