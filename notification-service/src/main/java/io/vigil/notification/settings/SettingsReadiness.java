package io.vigil.notification.settings;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the subscriptions' settings were read from the config topic: who to notify depends on them. */
@Readiness
@ApplicationScoped
public class SettingsReadiness implements HealthCheck {

    private final SubscriptionSettings settings;

    public SettingsReadiness(SubscriptionSettings settings) {
        this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("subscription-settings").status(settings.isLoaded()).build();
    }
}
