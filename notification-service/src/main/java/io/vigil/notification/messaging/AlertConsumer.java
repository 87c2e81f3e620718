package io.vigil.notification.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.notification.service.EmailNotifier;

/** Alert events in; the offset is committed once every recipient was notified or had been already. */
@ApplicationScoped
public class AlertConsumer {

    private final EmailNotifier email;

    public AlertConsumer(EmailNotifier email) {
        this.email = email;
    }

    @Incoming("alerts")
    public Uni<Void> consume(AlertEvent alert) {
        return email.notify(alert)
                // an SMTP or database blip should delay the email, not divert it to the dead-letter topic
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(10)
                .onFailure().invoke(e -> Log.errorf(e, "Alert %s v%d could not be notified; it goes to the "
                        + "dead-letter topic", alert.alertId(), alert.version()));
    }
}
