package io.vigil.notification.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.notification.config.NotificationConfig;

/**
 * Emails a new alert to its subscription's recipients, each at most once and within the address's throttle; an
 * email also lists the alerts held back from that address since its last one.
 */
@ApplicationScoped
public class EmailNotifier {

    static final String CHANNEL = "email";

    private final NotificationConfig config;
    private final DeliveryLedger ledger;
    private final EmailComposer composer;
    private final ReactiveMailer mailer;

    public EmailNotifier(NotificationConfig config, DeliveryLedger ledger, EmailComposer composer,
            ReactiveMailer mailer) {
        this.config = config;
        this.ledger = ledger;
        this.composer = composer;
        this.mailer = mailer;
    }

    public Uni<Void> notify(AlertEvent alert) {
        // an alert a suppression rule dismissed on arrival is exported, but nobody is paged for it
        if (!config.email().enabled() || alert.change() != AlertEvent.Change.CREATED
                || alert.status() == AlertStatus.DISMISSED
                || !alert.severity().atLeast(config.email().minimumSeverity())) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(recipients(alert.subscriptionId()))
                .onItem().transformToUniAndConcatenate(recipient -> send(alert, recipient))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> send(AlertEvent alert, String recipient) {
        return ledger.claim(alert, CHANNEL, recipient)
                .onItem().ifNotNull().transformToUni(claim -> {
                    if (claim.throttled()) {
                        Log.infof("Held back alert %s (%s, %s) from a recipient of subscription %s: the address "
                                + "reached its limit of emails for the severity", alert.alertId(), alert.alertType(),
                                alert.severity().label(), alert.subscriptionId());
                        return Uni.createFrom().voidItem();
                    }
                    return mailer.send(composer.compose(alert, recipient, claim.heldBack()))
                            .onFailure().call(() -> ledger.release(claim))
                            .chain(() -> ledger.confirm(claim))
                            .invoke(() -> Log.infof("Emailed alert %s (%s) to a recipient of subscription %s%s",
                                    alert.alertId(), alert.alertType(), alert.subscriptionId(),
                                    claim.heldBack().isEmpty() ? ""
                                            : ", listing " + claim.heldBack().count() + " held back"));
                })
                .replaceWithVoid();
    }

    List<String> recipients(String subscriptionId) {
        return config.email().recipients().getOrDefault(subscriptionId, config.email().defaultRecipients());
    }
}
