package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/** KV_AppAnomaly: an application acting on its own (service principal) succeeds on a vault new to it. */
public final class AppAnomalyDetector implements VaultDetector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        String app = Callers.application(event);
        if (app == null || event.result().outcome() != Outcome.SUCCESS || baseline.learning()
                || !baseline.isNew(VaultBaseline.APP, app)) {
            return Optional.empty();
        }
        int others = baseline.count(VaultBaseline.APP) - (baseline.entry(VaultBaseline.APP, app) == null ? 0 : 1);
        String summary = String.format("Application %s (app id %s) %s vault %s but has never accessed it in %s of "
                + "history; %d other applications have.", Callers.label(event), app, Detections.action(event),
                event.vault().name(), Detections.days(baseline.history()), others);
        return Optional.of(Detections.fromEvent(AlertType.KV_AppAnomaly, event, summary, Map.of(
                "appId", app,
                "vaultHistoryDays", baseline.history().toDays(),
                "knownApplications", others,
                "operation", event.operation().name())));
    }
}
