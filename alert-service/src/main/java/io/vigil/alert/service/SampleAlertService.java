package io.vigil.alert.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.SampleAlerts;

/**
 * Raises one sample alert of every detection type through the path real alerts take: stored and written to the
 * outbox in one transaction, so the relay publishes them to vigil.alerts.v1 and notification-service mails and
 * exports them. Suppression rules are not consulted: a rule must not make the
 * operator's check of the chain fail silently.
 */
@ApplicationScoped
public class SampleAlertService {

    private final AlertService alerts;
    private final Clock clock;

    public SampleAlertService(AlertService alerts) {
        this.alerts = alerts;
        this.clock = Clock.systemUTC();
    }

    @WithTransaction
    public Uni<List<Alert>> raise(String subscriptionId, String requestedBy) {
        Instant now = clock.instant();
        String batch = UUID.randomUUID().toString();
        return Multi.createFrom().iterable(SampleAlerts.types())
                .onItem().transformToUniAndConcatenate(type -> alerts.raise(
                        SampleAlerts.of(type, subscriptionId, batch, requestedBy, now)))
                .collect().asList();
    }
}
