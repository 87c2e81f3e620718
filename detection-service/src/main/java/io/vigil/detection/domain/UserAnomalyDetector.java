package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/** KV_UserAnomaly: a user succeeds on a vault where it has no history (or none for the entry TTL). */
public final class UserAnomalyDetector implements VaultDetector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        String user = Callers.key(event);
        if (user == null || !Callers.isUser(event) || event.result().outcome() != Outcome.SUCCESS
                || baseline.learning() || !baseline.isNew(VaultBaseline.USER, user)) {
            return Optional.empty();
        }
        int others = baseline.count(VaultBaseline.USER) - (baseline.entry(VaultBaseline.USER, user) == null ? 0 : 1);
        String summary = String.format("User %s %s vault %s but has never accessed it in %s of history; %d other "
                + "users have.", Callers.label(event), Detections.action(event), event.vault().name(),
                Detections.days(baseline.history()), others);
        return Optional.of(Detections.fromEvent(AlertType.KV_UserAnomaly, event, summary, Map.of(
                "vaultHistoryDays", baseline.history().toDays(),
                "knownUsers", others,
                "operation", event.operation().name())));
    }
}
