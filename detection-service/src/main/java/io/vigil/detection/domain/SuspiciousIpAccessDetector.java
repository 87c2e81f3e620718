package io.vigil.detection.domain;

import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/** KV_SuspiciousIPAccess (Medium): a caller on a malicious threat list got through. */
public final class SuspiciousIpAccessDetector implements Detector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event) {
        return event.result().outcome() == Outcome.SUCCESS
                ? ThreatLists.evaluate(AlertType.KV_SuspiciousIPAccess, event) : Optional.empty();
    }
}
