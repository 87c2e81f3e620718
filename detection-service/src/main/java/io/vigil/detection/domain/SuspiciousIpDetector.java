package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/**
 * KV_SuspiciousIPAccess (Medium) when a caller on a malicious threat list succeeded, KV_SuspiciousIPAccessDenied
 * (Low) when it was refused. Trusted networks win over threat lists, as in GuardDuty.
 */
public final class SuspiciousIpDetector implements Detector {

    @Override
    public Optional<Detection> evaluate(AccessEvent event) {
        if (event.ip() == null || event.ip().threatLists().isEmpty() || event.ip().trustedNetwork()) {
            return Optional.empty();
        }
        boolean succeeded = event.result().outcome() == Outcome.SUCCESS;
        AlertType type = succeeded ? AlertType.KV_SuspiciousIPAccess : AlertType.KV_SuspiciousIPAccessDenied;
        String lists = event.ip().threatLists().stream()
                .map(list -> list.name() + " (version " + list.version() + ")")
                .collect(Collectors.joining(", "));
        String summary = String.format("%s %s vault %s from %s, which is on the threat list %s%s.",
                event.principal() == null ? "An unknown caller" : event.principal().label(),
                Detections.action(event), event.vault().name(), event.client().ip(), lists,
                Detections.outcome(event));
        return Optional.of(Detections.fromEvent(type, event, summary, Map.of(
                "ip", event.client().ip(),
                "threatLists", lists,
                "operation", event.operation().name(),
                "outcome", event.result().outcome().name())));
    }
}
