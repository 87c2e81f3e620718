package io.vigil.detection.domain;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AlertType;

/** KV_AccountVolumeAccessDeniedAnomaly: one principal was denied on unusually many vaults in 24 hours (discovery). */
public final class AccountVolumeAccessDeniedAnomalyDetector extends AccountVolumeDetector {

    public AccountVolumeAccessDeniedAnomalyDetector(DetectionConfig.AccountVolumeDenied config, int maxObjects) {
        super(AlertType.KV_AccountVolumeAccessDeniedAnomaly, true, config.minVaults(), config.sigmas(), maxObjects);
    }
}
