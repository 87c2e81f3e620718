package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;

/**
 * KV_TORAccess: any access from a Tor exit node. Legitimate automation does not route through Tor, and Tor hides
 * where the caller really is, so no baseline is needed: one event is enough.
 */
public final class TorAccessDetector implements Detector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event) {
        if (event.ip() == null || event.client() == null || !event.ip().tor() || event.ip().trustedNetwork()) {
            return Optional.empty();
        }
        String summary = String.format("%s %s vault %s from %s, a Tor exit node%s; Tor hides the caller's real "
                + "location and is not used by legitimate automation.",
                Callers.label(event), Detections.action(event), event.vault().name(), event.client().ip(),
                Detections.outcome(event));
        return Optional.of(Detections.fromEvent(AlertType.KV_TORAccess, event, summary, Map.of(
                "ip", event.client().ip(),
                "operation", event.operation().name(),
                "outcome", event.result().outcome().name())));
    }
}
