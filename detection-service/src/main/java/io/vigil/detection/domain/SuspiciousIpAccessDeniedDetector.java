package io.vigil.detection.domain;

import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/**
 * KV_SuspiciousIPAccessDenied (Low): a caller on a malicious threat list tried and failed; not-found and failed
 * requests count too, since probing for names is reconnaissance as well.
 */
public final class SuspiciousIpAccessDeniedDetector implements Detector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event) {
        return event.result().outcome() != Outcome.SUCCESS
                ? ThreatLists.evaluate(AlertType.KV_SuspiciousIPAccessDenied, event) : Optional.empty();
    }
}
