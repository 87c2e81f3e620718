package io.vigil.ingest.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.vigil.events.SubscriptionConfig;

/**
 * Which subscriptions have protection switched off, as last read from the config topic. Unknown subscriptions are
 * protected: a missed or late config record must never silently stop detection.
 */
@ApplicationScoped
public class SubscriptionPlans {

    private final Map<String, SubscriptionConfig> configs = new ConcurrentHashMap<>();

    public boolean protectionEnabled(String subscriptionId) {
        SubscriptionConfig config = configs.get(subscriptionId);
        return config == null || config.protectionEnabled();
    }

    public void update(SubscriptionConfig config) {
        configs.put(config.subscriptionId(), config);
    }

    public void remove(String subscriptionId) {
        configs.remove(subscriptionId);
    }
}
