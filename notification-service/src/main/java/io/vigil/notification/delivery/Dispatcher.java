package io.vigil.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.notification.service.EmailNotifier;

/**
 * One alert event: record it in the projection, claim every email and export it calls for, wake the worker. The
 * claims are durable before the event's offset is committed, and sending happens from the ledger, so a slow or
 * failing destination never holds up the others or the topic.
 */
@ApplicationScoped
public class Dispatcher {

    private final AlertProjection projection;
    private final EmailNotifier email;
    private final ExportPlanner exports;
    private final DeliveryWorker worker;

    public Dispatcher(AlertProjection projection, EmailNotifier email, ExportPlanner exports, DeliveryWorker worker) {
        this.projection = projection;
        this.email = email;
        this.exports = exports;
        this.worker = worker;
    }

    public Uni<Void> handle(AlertEvent alert, String event) {
        return projection.upsert(alert, event)
                .chain(() -> email.plan(alert, event))
                .chain(emails -> exports.plan(alert, event).invoke(exported -> {
                    if (emails + exported > 0) {
                        Log.debugf("Alert %s v%d: %d email(s), %d export(s) claimed", alert.alertId(),
                                alert.version(), emails, exported);
                        worker.poke();
                    }
                }))
                .replaceWithVoid();
    }
}
