package io.vigil.notification.recipients;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.events.NotificationSettings;
import io.vigil.events.SubscriptionConfig;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * Who is emailed about an alert. A subscription with settings on the config topic: its explicit addresses plus the
 * holders of its roles, if its notifications are on and the alert reaches its minimum severity. A subscription
 * without settings (none published yet, or removed by a tombstone): the configured recipients
 * ({@code vigil.notification.email.recipients.<subscription>}, else {@code default-recipients}) with the configured
 * minimum severity. {@code vigil.notification.email.enabled=false} switches email off for everyone.
 */
@ApplicationScoped
public class Recipients {

    private final NotificationConfig config;
    private final SubscriptionSettings settings;
    private final RoleDirectory directory;
    private final Set<String> unheld = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Recipients(NotificationConfig config, SubscriptionSettings settings, RoleDirectory directory) {
        this.config = config;
        this.settings = settings;
        this.directory = directory;
    }

    /** The addresses to email about this alert, lower-cased and each once; empty when nobody is to be emailed. */
    public Uni<List<String>> of(AlertEvent alert) {
        if (!config.email().enabled()) {
            return Uni.createFrom().item(List.of());
        }
        Optional<SubscriptionConfig> subscription = settings.of(alert.subscriptionId());
        if (subscription.isEmpty()) {
            if (!alert.severity().atLeast(config.email().minimumSeverity())) {
                return Uni.createFrom().item(List.of());
            }
            return Uni.createFrom().item(normalise(config.email().recipients().getOrDefault(alert.subscriptionId(),
                    config.email().defaultRecipients())));
        }
        NotificationSettings notifications = subscription.get().notifications();
        if (!notifications.enabled() || !alert.severity().atLeast(notifications.minimumSeverity())) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(notifications.roles())
                .onItem().transformToUniAndConcatenate(role -> directory.emails(role, alert.subscriptionId())
                        .invoke(found -> {
                            if (found.isEmpty() && unheld.add(alert.subscriptionId() + "\n" + role)) {
                                Log.warnf("Nobody holds role %s for subscription %s (or has an email address); "
                                        + "logged once", role, alert.subscriptionId());
                            }
                        }))
                .collect().asList()
                .map(byRole -> {
                    List<String> all = new ArrayList<>(notifications.emails());
                    byRole.forEach(all::addAll);
                    return normalise(all);
                });
    }

    static List<String> normalise(List<String> addresses) {
        Set<String> unique = new LinkedHashSet<>();
        for (String address : addresses == null ? List.<String>of() : addresses) {
            if (address == null) {
                continue;
            }
            String trimmed = address.trim().toLowerCase(Locale.ROOT);
            if (trimmed.indexOf('@') > 0 && trimmed.indexOf('@') < trimmed.length() - 1) {
                unique.add(trimmed);
            } else if (!trimmed.isEmpty()) {
                Log.warnf("Ignored a recipient that is not an email address");
            }
        }
        return List.copyOf(unique);
    }
}
