package io.vigil.detection.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/**
 * KV_UserAppAnomaly: a user already known on the vault comes through a client application it has never used, on
 * this vault or any other — a stolen refresh token replayed from another tool. A user moving between the tools it
 * uses anyway (the portal on one vault, the CLI on another) is routine, and a user new to the vault is
 * KV_UserAnomaly's. Runs on the principal's partition, which sees the user's applications across vaults; a pair stays
 * new for the novelty window, so the burst of a replayed token lists everything it touched.
 */
public final class UserAppAnomalyDetector implements PrincipalDetector {

    private final Duration noveltyWindow;

    public UserAppAnomalyDetector(Duration noveltyWindow) {
        this.noveltyWindow = noveltyWindow;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, PrincipalBaseline baseline) {
        String app = Callers.clientApplication(event);
        if (app == null || event.result().outcome() != Outcome.SUCCESS || baseline.learning()) {
            return Optional.empty();
        }
        long recent = baseline.now() - noveltyWindow.toMillis();
        Seen vault = baseline.client(PrincipalBaseline.VAULT, app);
        Seen pair = baseline.client(PrincipalBaseline.VAULT_CLIENT, app);
        Seen client = baseline.client(PrincipalBaseline.CLIENT, app);
        if (vault == null || vault.first() > recent || (pair != null && pair.first() <= recent)
                || (client != null && client.first() <= recent)) {
            return Optional.empty();
        }
        long others = baseline.clientCount() - (client == null ? 0 : 1);
        String summary = String.format("User %s %s vault %s through application %s, which this user has never used "
                + "on any vault in %s of history, although it is known on this vault; it uses %d other client "
                + "applications.", Callers.label(event), Detections.action(event), event.vault().name(), app,
                Detections.days(baseline.history()), others);
        return Optional.of(Detections.fromEvent(AlertType.KV_UserAppAnomaly, event, summary, Map.of(
                "appId", app,
                "principalHistoryDays", baseline.history().toDays(),
                "knownClientApplications", others,
                "operation", event.operation().name())));
    }
}
