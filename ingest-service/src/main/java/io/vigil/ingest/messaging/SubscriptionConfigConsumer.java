package io.vigil.ingest.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.vigil.events.SubscriptionConfig;
import io.vigil.ingest.service.SubscriptionPlans;

/**
 * Reads the whole compacted config topic into memory. Every ingest instance needs every subscription's settings,
 * so each instance has a consumer group of its own and starts from the beginning.
 */
@ApplicationScoped
public class SubscriptionConfigConsumer {

    private final SubscriptionPlans plans;

    public SubscriptionConfigConsumer(SubscriptionPlans plans) {
        this.plans = plans;
    }

    @Incoming("subscription-config")
    public void apply(ConsumerRecord<String, SubscriptionConfig> record) {
        if (record.value() == null) {
            plans.remove(record.key());
            Log.infof("Subscription %s: settings removed, defaults apply", record.key());
            return;
        }
        plans.update(record.value());
        Log.infof("Subscription %s: protection %s", record.key(),
                record.value().protectionEnabled() ? "on" : "off");
    }
}
