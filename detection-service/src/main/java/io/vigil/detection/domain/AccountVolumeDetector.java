package io.vigil.detection.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/**
 * One principal reaching (or being denied on) more distinct vaults in the trailing 24 hours than its own daily
 * history explains: at least a floor, and above mean + k·σ of its distinct vaults per day (σ at least √mean, as for
 * any count). Only an event that adds a vault to the trailing day is judged, so an incident raises one detection (and
 * its burst) rather than one per later event while the day still holds it.
 */
abstract class AccountVolumeDetector implements PrincipalDetector {

    private final AlertType type;
    private final boolean denied;
    private final int minVaults;
    private final double sigmas;
    private final int maxObjects;

    AccountVolumeDetector(AlertType type, boolean denied, int minVaults, double sigmas, int maxObjects) {
        this.type = type;
        this.denied = denied;
        this.minVaults = minVaults;
        this.sigmas = sigmas;
        this.maxObjects = maxObjects;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, PrincipalBaseline baseline) {
        Outcome wanted = denied ? Outcome.DENIED : Outcome.SUCCESS;
        if (event.result().outcome() != wanted || baseline.learning()) {
            return Optional.empty();
        }
        // only an event that adds a vault to the trailing 24 hours can make the count anomalous: work on vaults
        // already counted (the same incident's day, or ordinary work right after it) raises nothing new
        if (baseline.touchedInLastDay(denied)) {
            return Optional.empty();
        }
        List<AccessedObject> vaults = baseline.vaultsInLastDayWithEvent(denied);
        EwStats daily = baseline.dailyVaults(denied);
        double bound = Math.max(minVaults - 1, daily.mean() + sigmas * daily.countStddev());
        if (vaults.size() <= bound) {
            return Optional.empty();
        }
        String summary = String.format("%s %s %d distinct vaults in the last 24 hours, against a typical %s per day "
                + "over %s of history.", Callers.label(event), denied ? "was denied on" : "accessed", vaults.size(),
                Volumes.typical(daily), Detections.days(baseline.history()));
        return Optional.of(Detections.scoped(type, event, summary, Map.of(
                "distinctVaults24h", vaults.size(),
                "dailyMean", daily.mean(),
                "dailyStddev", daily.stddev(),
                "principalHistoryDays", baseline.history().toDays()),
                Detections.ANY, Detections.caller(event),
                vaults.subList(Math.max(0, vaults.size() - maxObjects), vaults.size()), vaults.size()));
    }
}
