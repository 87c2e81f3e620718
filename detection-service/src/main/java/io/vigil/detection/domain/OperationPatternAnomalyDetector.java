package io.vigil.detection.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/**
 * KV_OperationPatternAnomaly: a caller with an established operation mix on the vault starts a sensitive kind of
 * operation (reading, listing, purging, backing up secrets, changing policy…) it has never run there. A caller new to
 * the vault is left to the unusual-entity detectors.
 */
public final class OperationPatternAnomalyDetector implements VaultDetector {

    private final DetectionConfig.OperationPattern config;

    public OperationPatternAnomalyDetector(DetectionConfig.OperationPattern config) {
        this.config = config;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        String caller = Callers.key(event);
        if (caller == null || event.result().outcome() != Outcome.SUCCESS
                || !config.kinds().contains(event.operation().kind()) || baseline.learning()) {
            return Optional.empty();
        }
        Seen callerSeen = baseline.entry(VaultBaseline.CALLER, caller);
        long callerHistory = callerSeen == null ? 0 : baseline.now().toEpochMilli() - callerSeen.first();
        if (callerHistory < config.minCallerHistory().toMillis()
                || !baseline.isNew(VaultBaseline.CALLER_KIND, VaultBaseline.callerKind(caller,
                        event.operation().kind()))) {
            return Optional.empty();
        }
        String usual = String.join(", ", baseline.kindsOf(caller).stream()
                .filter(kind -> !kind.equals(event.operation().kind().name())).toList());
        String summary = String.format("%s %s vault %s, its first %s operation there in %s of activity on the vault, "
                + "where it otherwise only ran %s.", Callers.label(event), Detections.action(event),
                event.vault().name(), event.operation().kind(), Detections.days(Duration.ofMillis(
                        callerHistory)), usual.isEmpty() ? "nothing" : usual);
        return Optional.of(Detections.fromEvent(AlertType.KV_OperationPatternAnomaly, event, summary, Map.of(
                "operationKind", event.operation().kind().name(),
                "callerHistoryDays", Duration.ofMillis(callerHistory).toDays(),
                "usualOperationKinds", usual,
                "operation", event.operation().name())));
    }
}
