package io.vigil.notification.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.delivery.Dispatcher;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * Alert events in; the offset is committed once every email and export the event calls for is claimed in the ledger
 * (the delivery worker sends them). A record that is not a usable alert event goes to the dead-letter topic at once,
 * with the reason; a database blip is retried with backoff first.
 */
@ApplicationScoped
public class AlertConsumer {

    private final Dispatcher dispatcher;
    private final SubscriptionSettings settings;
    private final ObjectMapper mapper;
    private final Duration settingsTimeout;

    public AlertConsumer(Dispatcher dispatcher, SubscriptionSettings settings, ObjectMapper mapper,
            NotificationConfig config) {
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.mapper = mapper;
        this.settingsTimeout = config.settings().readyTimeout();
    }

    /** A record that can never be handled: dead-lettered without retries. */
    static final class PoisonRecord extends RuntimeException {

        PoisonRecord(String reason) {
            super(reason, null, false, false);
        }
    }

    @Incoming("alerts")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        AlertEvent alert;
        try {
            alert = parse(record.value());
        } catch (PoisonRecord e) {
            Log.errorf("Record %s-%d@%d is not a usable alert event (%s); it goes to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        return settings.awaitLoaded(settingsTimeout)
                .chain(() -> dispatcher.handle(alert, record.value()))
                // a database blip should delay the alert, not divert it to the dead-letter topic
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(10)
                .onFailure().invoke(e -> Log.errorf(e, "Alert %s v%d could not be handled; it goes to the "
                        + "dead-letter topic", alert.alertId(), alert.version()));
    }

    AlertEvent parse(String value) {
        if (value == null || value.isBlank()) {
            throw new PoisonRecord("empty record");
        }
        AlertEvent alert;
        try {
            alert = mapper.readValue(value, AlertEvent.class);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int newline = message.indexOf('\n');
            throw new PoisonRecord("not an alert event: " + (newline > 0 ? message.substring(0, newline) : message));
        }
        if (alert == null) {
            throw new PoisonRecord("not an alert event: null");
        }
        require(alert.alertId() != null && !alert.alertId().isBlank() && alert.alertId().length() <= 32,
                "alertId missing or longer than 32 characters");
        require(alert.subscriptionId() != null && !alert.subscriptionId().isBlank()
                && alert.subscriptionId().length() <= 128, "subscriptionId missing or longer than 128 characters");
        require(alert.version() >= 1, "version must be 1 or more");
        require(alert.change() != null, "change missing");
        require(alert.severity() != null, "severity missing");
        require(alert.alertType() != null, "alertType missing or unknown");
        if (alert.schemaVersion() > AlertEvent.SCHEMA_VERSION) {
            throw new PoisonRecord("schemaVersion " + alert.schemaVersion() + " is newer than this service reads ("
                    + AlertEvent.SCHEMA_VERSION + ")");
        }
        return alert;
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new PoisonRecord("invalid alert event: " + reason);
        }
    }
}
