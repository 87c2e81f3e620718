package io.vigil.detection.domain;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AlertType;
import io.vigil.events.OperationKind;

/** KV_ListGetAnomaly: secrets listed, then read (secret dumping), unlike this principal's history. */
public final class ListGetAnomalyDetector extends SequenceDetector {

    public ListGetAnomalyDetector(DetectionConfig.Sequence config) {
        super(AlertType.KV_ListGetAnomaly, PrincipalBaseline.LIST_GET, OperationKind.SECRET_LIST,
                "listed the secrets of", config);
    }
}
