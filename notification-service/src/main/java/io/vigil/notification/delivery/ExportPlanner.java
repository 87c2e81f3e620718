package io.vigil.notification.delivery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.events.ExportDestination;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * Claims one ledger row per alert change and export destination that accepts it (minimum severity, alert types):
 * the subscription's destinations from its settings, and the service-wide OCSF topic. Every change is exported,
 * alerts dismissed on arrival by a suppression rule included (they carry the status and the rule).
 */
@ApplicationScoped
public class ExportPlanner {

    private final SubscriptionSettings settings;
    private final LedgerStore store;
    private final NotificationConfig.Ocsf ocsf;

    public ExportPlanner(SubscriptionSettings settings, LedgerStore store, NotificationConfig config) {
        this.settings = settings;
        this.store = store;
        this.ocsf = config.export().ocsf();
    }

    /** The rows to claim: channel and recipient (destination name, or the topic of the service-wide export). */
    record Target(String channel, String recipient) {
    }

    public Uni<Integer> plan(AlertEvent alert, String event) {
        List<Target> targets = targets(alert);
        return Multi.createFrom().iterable(targets)
                .onItem().transformToUniAndConcatenate(t -> store.claim(alert, t.channel(), t.recipient(), event))
                .filter(Boolean::booleanValue)
                .collect().with(java.util.stream.Collectors.counting())
                .map(Long::intValue);
    }

    List<Target> targets(AlertEvent alert) {
        String type = alert.alertType() == null ? null : alert.alertType().name();
        List<Target> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ExportDestination destination : settings.of(alert.subscriptionId())
                .map(c -> c.exports()).orElse(List.of())) {
            if (destination.name() == null || destination.name().isBlank() || destination.kind() == null) {
                Log.warnf("Subscription %s: ignored an export destination without name or kind",
                        alert.subscriptionId());
                continue;
            }
            if (!names.add(destination.name())) {
                Log.warnf("Subscription %s: export destination name '%s' is used twice; only the first is used",
                        alert.subscriptionId(), destination.name());
                continue;
            }
            if (destination.accepts(alert.severity(), type)) {
                targets.add(new Target(Channels.of(destination.kind()), destination.name()));
            }
        }
        if (ocsf.enabled() && alert.severity().atLeast(ocsf.minimumSeverity())
                && ocsf.alertTypes().map(types -> types.isEmpty() || types.contains(type)).orElse(true)) {
            targets.add(new Target(Channels.OCSF, ocsf.topic()));
        }
        return targets;
    }
}
