package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;

/**
 * KV_UserAccessDeniedAnomaly: a caller that has never succeeded on the vault is denied. Denied authentication
 * handshakes are left out: a 401 on Azure's Authentication operation is the normal token challenge.
 */
public final class UserAccessDeniedAnomalyDetector implements VaultDetector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        String caller = Callers.key(event);
        if (caller == null || event.result().outcome() != Outcome.DENIED
                || event.operation().kind() == OperationKind.AUTH || baseline.learning()
                || baseline.entry(VaultBaseline.CALLER, caller) != null) {
            return Optional.empty();
        }
        int callers = baseline.count(VaultBaseline.CALLER);
        String summary = String.format("%s was denied when it %s vault %s, where it has never succeeded in %s of "
                + "history; %d callers do.", Callers.label(event), Detections.action(event), event.vault().name(),
                Detections.days(baseline.history()), callers);
        return Optional.of(Detections.fromEvent(AlertType.KV_UserAccessDeniedAnomaly, event, summary, Map.of(
                "vaultHistoryDays", baseline.history().toDays(),
                "knownCallers", callers,
                "operation", event.operation().name(),
                "httpStatus", event.result().httpStatus() == null ? 0 : event.result().httpStatus())));
    }
}
