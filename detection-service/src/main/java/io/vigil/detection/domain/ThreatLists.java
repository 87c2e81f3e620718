package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;

/** The threat-list detectors' shared judgement: trusted networks win over threat lists, as in GuardDuty. */
final class ThreatLists {

    private ThreatLists() {
    }

    static Optional<Detection> evaluate(AlertType type, AccessEvent event) {
        if (event.ip() == null || event.client() == null || event.ip().threatLists().isEmpty()
                || event.ip().trustedNetwork()) {
            return Optional.empty();
        }
        String lists = event.ip().threatLists().stream()
                .map(list -> list.name() + " (version " + list.version() + ")")
                .collect(Collectors.joining(", "));
        String summary = String.format("%s %s vault %s from %s, which is on the threat list %s%s.",
                Callers.label(event), Detections.action(event), event.vault().name(), event.client().ip(), lists,
                Detections.outcome(event));
        return Optional.of(Detections.fromEvent(type, event, summary, Map.of(
                "ip", event.client().ip(),
                "threatLists", lists,
                "threatListCount", event.ip().threatLists().size(),
                "operation", event.operation().name(),
                "outcome", event.result().outcome().name())));
    }
}
