package io.vigil.notification.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.delivery.Channels;
import io.vigil.notification.domain.Delivery;
import io.vigil.notification.recipients.Recipients;

/**
 * Decides who gets an email about an alert event and claims it in the ledger; the delivery worker sends it. A new
 * alert is emailed to its subscription's recipients, each at most once and within the address's throttle (an
 * alert a suppression rule dismissed on arrival is exported but emailed to nobody). Later versions go as follow-ups
 * in the alert's thread to the addresses that got its first email: status changes always, new activity at most once
 * per follow-up interval.
 */
@ApplicationScoped
public class EmailNotifier {

    static final String CHANNEL = Channels.EMAIL;

    private final Recipients recipients;
    private final DeliveryLedger ledger;
    private final Duration followUpGap;

    public EmailNotifier(NotificationConfig config, Recipients recipients, DeliveryLedger ledger) {
        this.recipients = recipients;
        this.ledger = ledger;
        String interval = config.email().followUpInterval().trim();
        this.followUpGap = interval.equalsIgnoreCase("off") ? null : DurationConverter.parseDuration(interval);
    }

    /** Claims the emails this event calls for; the number of emails claimed (throttled ones not included). */
    public Uni<Integer> plan(AlertEvent alert, String event) {
        boolean created = alert.change() == AlertEvent.Change.CREATED;
        if (created && alert.status() == AlertStatus.DISMISSED) {
            return Uni.createFrom().item(0);
        }
        if (alert.change() == AlertEvent.Change.UPDATED && followUpGap == null) {
            return Uni.createFrom().item(0);
        }
        return recipients.of(alert)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(recipient -> created
                        ? ledger.claimFirst(alert, CHANNEL, recipient, event).invoke(row -> logThrottled(alert, row))
                        : ledger.claimFollowUp(alert, CHANNEL, recipient, event,
                                alert.change() == AlertEvent.Change.UPDATED ? followUpGap : null))
                .filter(row -> row != null && row.status == Delivery.Status.CLAIMED)
                .collect().with(java.util.stream.Collectors.counting())
                .map(Long::intValue);
    }

    private static void logThrottled(AlertEvent alert, Delivery row) {
        if (row != null && row.status == Delivery.Status.THROTTLED) {
            Log.infof("Held back alert %s (%s, %s) from a recipient of subscription %s: the address reached its limit "
                    + "of emails for the severity", alert.alertId(), alert.alertType(), alert.severity().label(),
                    alert.subscriptionId());
        }
    }
}
