package io.vigil.detection.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;

/**
 * KV_OperationVolumeAnomaly for one vault, all callers together: the current hour's operations exceed the vault's
 * hourly baseline. It fires while the hour is still running, as soon as the bound is crossed. Its twin
 * {@link PrincipalOperationVolumeAnomalyDetector} watches one caller across vaults.
 */
public final class VaultOperationVolumeAnomalyDetector implements VaultDetector {

    private final DetectionConfig.OperationVolume config;

    public VaultOperationVolumeAnomalyDetector(DetectionConfig.OperationVolume config) {
        this.config = config;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        HourlyVolume volume = baseline.volumeWithEvent();
        double bound = Volumes.bound(volume, config, config.minVaultCount());
        if (baseline.learning() || volume.count() <= bound) {
            return Optional.empty();
        }
        Instant hour = Instant.ofEpochSecond(volume.hour() * 3600);
        String summary = String.format("Vault %s had %d operations in the hour from %s, against a typical %s per "
                + "hour over %s of history (bound %.0f).", event.vault().name(), volume.count(), hour,
                Volumes.typical(volume.stats()), Detections.days(baseline.history()), bound);
        List<AccessedObject> objects = Detections.objects(event);
        return Optional.of(Detections.scoped(AlertType.KV_OperationVolumeAnomaly, event, summary, Map.of(
                "operationsThisHour", volume.count(),
                "hourlyMean", volume.stats().mean(),
                "hourlyStddev", volume.stats().stddev(),
                "bound", bound,
                "vaultHistoryDays", baseline.history().toDays()),
                event.vault().id(), Detections.ANY, objects, objects.size()));
    }
}
