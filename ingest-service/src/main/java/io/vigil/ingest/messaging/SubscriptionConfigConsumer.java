package io.vigil.ingest.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.vigil.events.SubscriptionConfig;
import io.vigil.ingest.service.SubscriptionPlans;
import io.vigil.ingest.service.TrustedNetworks;

/**
 * Reads the whole compacted config topic into memory. Every ingest instance needs every subscription's settings,
 * so each instance has a consumer group of its own and starts from the beginning.
 */
@ApplicationScoped
public class SubscriptionConfigConsumer {

    private final SubscriptionPlans plans;
    private final TrustedNetworks trusted;

    public SubscriptionConfigConsumer(SubscriptionPlans plans, TrustedNetworks trusted) {
        this.plans = plans;
        this.trusted = trusted;
    }

    @Incoming("subscription-config")
    public void apply(ConsumerRecord<String, SubscriptionConfig> record) {
        if (record.headers().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON) != null) {
            // unreadable (a newer writer, a broken record) arrives as null, which is not a deletion: the last good
            // settings stay. The reason is not logged: it may quote the record, and settings hold webhook URLs.
            Log.warnf("Ignored an unreadable settings record for subscription %s at partition %d, offset %d",
                    record.key(), record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            plans.remove(record.key());
            trusted.remove(record.key());
            Log.infof("Subscription %s: settings removed, defaults apply", record.key());
            return;
        }
        SubscriptionConfig config = record.value();
        plans.update(config);
        List<String> refused = trusted.update(config.subscriptionId(), config.trustedNetworks());
        Log.infof("Subscription %s: protection %s, %d trusted networks", config.subscriptionId(),
                config.protectionEnabled() ? "on" : "off", config.trustedNetworks().size() - refused.size());
        if (!refused.isEmpty()) {
            Log.warnf("Subscription %s: ignored trusted networks that are not IPs or CIDRs: %s",
                    config.subscriptionId(), refused);
        }
    }
}
