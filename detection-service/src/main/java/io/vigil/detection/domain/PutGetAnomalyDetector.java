package io.vigil.detection.domain;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AlertType;
import io.vigil.events.OperationKind;

/**
 * KV_PutGetAnomaly: the caller changed the vault's access policy, then read secrets (granting itself access, then
 * using it), unlike its history.
 */
public final class PutGetAnomalyDetector extends SequenceDetector {

    public PutGetAnomalyDetector(DetectionConfig.Sequence config) {
        super(AlertType.KV_PutGetAnomaly, PrincipalBaseline.PUT_GET, OperationKind.POLICY_CHANGE,
                "changed the access policy of", config);
    }
}
