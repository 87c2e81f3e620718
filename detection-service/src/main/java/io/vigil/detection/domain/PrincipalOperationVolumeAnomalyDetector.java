package io.vigil.detection.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;

/**
 * KV_OperationVolumeAnomaly for one caller across all its vaults: the current hour's operations exceed the caller's
 * own hourly baseline, so a dump spread over many vaults still shows.
 */
public final class PrincipalOperationVolumeAnomalyDetector implements PrincipalDetector {

    private final DetectionConfig.OperationVolume config;

    public PrincipalOperationVolumeAnomalyDetector(DetectionConfig.OperationVolume config) {
        this.config = config;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, PrincipalBaseline baseline) {
        HourlyVolume volume = baseline.volumeWithEvent();
        double bound = Volumes.bound(volume, config, config.minPrincipalCount());
        if (baseline.learning() || volume.count() <= bound) {
            return Optional.empty();
        }
        Instant hour = Instant.ofEpochSecond(volume.hour() * 3600);
        String summary = String.format("%s ran %d operations across its vaults in the hour from %s, against a typical "
                + "%s per hour over %s of history (bound %.0f).", Callers.label(event), volume.count(), hour,
                Volumes.typical(volume.stats()), Detections.days(baseline.history()), bound);
        return Optional.of(Detections.scoped(AlertType.KV_OperationVolumeAnomaly, event, summary, Map.of(
                "operationsThisHour", volume.count(),
                "hourlyMean", volume.stats().mean(),
                "hourlyStddev", volume.stats().stddev(),
                "bound", bound,
                "principalHistoryDays", baseline.history().toDays()),
                Detections.ANY, Detections.caller(event), Detections.objects(event), Detections.objects(event).size()));
    }
}
