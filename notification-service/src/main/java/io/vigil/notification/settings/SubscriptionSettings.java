package io.vigil.notification.settings;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.events.ExportDestination;
import io.vigil.events.SubscriptionConfig;

/**
 * The latest settings of every subscription, as read from the compacted config topic. A subscription without an
 * entry has none published yet (or had them removed by a tombstone): the service's configured fallbacks apply.
 */
@ApplicationScoped
public class SubscriptionSettings {

    private final ConcurrentMap<String, SubscriptionConfig> bySubscription = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    public Optional<SubscriptionConfig> of(String subscriptionId) {
        return Optional.ofNullable(bySubscription.get(subscriptionId));
    }

    /** The subscription's export destination of this name, if it still has one. */
    public Optional<ExportDestination> destination(String subscriptionId, String name) {
        return of(subscriptionId).flatMap(config -> config.exports().stream()
                .filter(d -> d.name() != null && d.name().equals(name)).findFirst());
    }

    public void put(SubscriptionConfig config) {
        bySubscription.put(config.subscriptionId(), config);
    }

    public void remove(String subscriptionId) {
        bySubscription.remove(subscriptionId);
    }

    /** The config topic has been read up to where it ended when the service started. */
    public void markLoaded() {
        loaded.complete(null);
    }

    public boolean isLoaded() {
        return loaded.isDone();
    }

    /**
     * Completes once the settings are loaded, or after {@code timeout} (with a warning): alerts handled before then
     * would go to the fallback recipients of subscriptions whose settings were not read yet.
     */
    public Uni<Void> awaitLoaded(Duration timeout) {
        if (loaded.isDone()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(loaded).ifNoItem().after(timeout).recoverWithUni(() -> {
            if (warned.compareAndSet(false, true)) {
                Log.warnf("The settings topic was not read to its end within %s; alerts are handled with the "
                        + "settings known so far", timeout);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
