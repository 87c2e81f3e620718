package io.vigil.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import io.vigil.events.ExportDestination;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * A row's destination as the subscription's settings describe it now: a corrected URL or host applies to retries
 * too; a destination that was removed (or changed kind) is not sent to any more.
 */
@ApplicationScoped
public class Destinations {

    private final SubscriptionSettings settings;

    public Destinations(SubscriptionSettings settings) {
        this.settings = settings;
    }

    public ExportDestination of(Attempt attempt) {
        if (!settings.isLoaded()) {
            // after a restart with the config topic unreachable: a missing destination may only not be read yet
            throw DeliveryFailure.retry("The subscriptions' settings are not loaded yet");
        }
        ExportDestination destination = settings.destination(attempt.subscriptionId(), attempt.recipient())
                .orElseThrow(() -> DeliveryFailure.permanent("Destination '" + attempt.recipient()
                        + "' is no longer configured for the subscription"));
        if (destination.kind() == null || !Channels.of(destination.kind()).equals(attempt.channel())) {
            throw DeliveryFailure.permanent("Destination '" + attempt.recipient() + "' is no longer a "
                    + attempt.channel() + " destination");
        }
        if (destination.target() == null || destination.target().isBlank()) {
            throw DeliveryFailure.permanent("Destination '" + attempt.recipient() + "' has no target");
        }
        return destination;
    }
}
