package io.vigil.detection.domain;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AlertType;

/** KV_AccountVolumeAnomaly: one principal succeeded on unusually many vaults in 24 hours. */
public final class AccountVolumeAnomalyDetector extends AccountVolumeDetector {

    public AccountVolumeAnomalyDetector(DetectionConfig.AccountVolume config, int maxObjects) {
        super(AlertType.KV_AccountVolumeAnomaly, false, config.minVaults(), config.sigmas(), maxObjects);
    }
}
