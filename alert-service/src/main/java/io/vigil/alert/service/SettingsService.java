package io.vigil.alert.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.IpRange;
import io.vigil.alert.domain.SubscriptionSettings;
import io.vigil.alert.messaging.ConfigPublisher;
import io.vigil.alert.repository.SettingsRepository;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;

/**
 * A subscription's plan and trusted networks. A change is committed first and published after; what Kafka did not
 * acknowledge is published again by {@link #republish()}, so the other services converge on every committed change.
 */
@ApplicationScoped
public class SettingsService {

    private final SettingsRepository settings;
    private final ConfigPublisher publisher;

    public SettingsService(SettingsRepository settings, ConfigPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    @WithSession
    public Uni<SubscriptionSettings> get(String subscriptionId) {
        return settings.findById(subscriptionId)
                .map(stored -> stored != null ? stored : SubscriptionSettings.defaults(subscriptionId));
    }

    /** Applies a change made on {@code expectedVersion} (0 for the defaults) and publishes it. */
    public Uni<SubscriptionSettings> update(String subscriptionId, long expectedVersion, boolean protectionEnabled,
            List<String> trustedNetworks, String actor) {
        validate(trustedNetworks);
        return store(subscriptionId, expectedVersion, protectionEnabled, trustedNetworks, actor)
                .call(stored -> publish(stored).onFailure().invoke(e -> Log.warnf(
                        "Settings of subscription %s v%d committed but not yet published (%s); retrying later",
                        subscriptionId, stored.version, e.getMessage())).onFailure().recoverWithNull());
    }

    @WithTransaction
    Uni<SubscriptionSettings> store(String subscriptionId, long expectedVersion, boolean protectionEnabled,
            List<String> trustedNetworks, String actor) {
        return settings.findById(subscriptionId).chain(existing -> {
            long current = existing == null ? 0 : existing.version;
            if (current != expectedVersion) {
                throw new ProblemException(412, "stale-settings", "Settings changed meanwhile",
                        "The settings are at version " + current + ", not " + expectedVersion + "; reload them");
            }
            SubscriptionSettings target = existing != null ? existing : SubscriptionSettings.defaults(subscriptionId);
            target.version = current + 1;
            target.protectionEnabled = protectionEnabled;
            target.trustedNetworks = new SubscriptionSettings.Networks(trustedNetworks.stream().map(String::strip)
                    .toList());
            target.updatedBy = actor;
            target.updatedAt = Instant.now();
            return settings.persist(target);
        });
    }

    @Scheduled(every = "${vigil.alert.settings.republish-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithSession
    Uni<Void> republish() {
        return settings.unpublished().onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::publish)
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("Republishing settings failed (%s); retrying later",
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> publish(SubscriptionSettings stored) {
        return publisher.publish(stored.toConfig())
                .call(() -> markPublished(stored.subscriptionId, stored.version));
    }

    @WithTransaction
    Uni<Integer> markPublished(String subscriptionId, long version) {
        return settings.markPublished(subscriptionId, version);
    }

    private static void validate(List<String> trustedNetworks) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (int i = 0; i < trustedNetworks.size(); i++) {
            if (trustedNetworks.get(i) == null || IpRange.parse(trustedNetworks.get(i)).isEmpty()) {
                violations.add(new Problem.Violation("trustedNetworks[" + i + "]",
                        "is not an IP address or CIDR block"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(422, "invalid-settings", "Invalid settings",
                    violations.size() + " trusted network(s) are not IP addresses or CIDR blocks", violations, null);
        }
    }
}
