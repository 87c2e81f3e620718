package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/**
 * KV_UserAppAnomaly: a user known on the vault comes through a client application it never used there, e.g. a
 * stolen refresh token replayed from another tool, and no user of the vault has been using that application there
 * either. A known user switching between the tools the vault's users commonly use (portal, CLI, an IDE) is routine;
 * an application new to the vault in the hands of a known user is what token replay looks like. A user new to the
 * vault is KV_UserAnomaly's, not this one's.
 */
public final class UserAppAnomalyDetector implements VaultDetector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        String user = Callers.key(event);
        String app = Callers.clientApplication(event);
        if (user == null || app == null || event.result().outcome() != Outcome.SUCCESS || baseline.learning()
                || baseline.isNew(VaultBaseline.USER, user)
                || !baseline.isNew(VaultBaseline.PAIR, VaultBaseline.pair(user, app))
                || !baseline.isNew(VaultBaseline.CLIENT_APP, app)) {
            return Optional.empty();
        }
        int pairs = baseline.count(VaultBaseline.PAIR);
        String summary = String.format("User %s %s vault %s through application %s, which this user has never used "
                + "on the vault in %s of history, although the user itself is known there; no user of the vault uses this "
                + "application (%d user-application pairs are known).", Callers.label(event), Detections.action(event), event.vault().name(), app,
                Detections.days(baseline.history()), pairs);
        return Optional.of(Detections.fromEvent(AlertType.KV_UserAppAnomaly, event, summary, Map.of(
                "appId", app,
                "vaultHistoryDays", baseline.history().toDays(),
                "knownPairs", pairs,
                "operation", event.operation().name())));
    }
}
