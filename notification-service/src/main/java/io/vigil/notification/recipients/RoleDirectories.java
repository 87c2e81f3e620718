package io.vigil.notification.recipients;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vigil.notification.config.NotificationConfig;

/** Keycloak's admin API when {@code vigil.notification.keycloak.url} is set (static directory as its fallback). */
@ApplicationScoped
public class RoleDirectories {

    @Produces
    @ApplicationScoped
    RoleDirectory directory(NotificationConfig config, StaticRoleDirectory configured, Vertx vertx) {
        NotificationConfig.Keycloak keycloak = config.keycloak();
        if (keycloak.url().isEmpty()) {
            return configured;
        }
        if (keycloak.clientId().isEmpty() || keycloak.clientSecret().isEmpty()) {
            Log.warnf("vigil.notification.keycloak.url is set but client-id or client-secret is not; role holders are "
                    + "read from the static role directory");
            return configured;
        }
        Log.infof("Role holders are read from Keycloak at %s (realm %s)", keycloak.url().get(), keycloak.realm());
        return new KeycloakRoleDirectory(vertx, keycloak, configured, Clock.systemUTC());
    }
}
