package io.vigil.detection.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;

/**
 * A first step followed within a window by a secret read, by the same caller on the same vault, when the vault's
 * baseline does not show that caller doing so before this sequence began. Every read of the sequence window matches,
 * so the detection (and its cooldown total) lists every secret read after the first step.
 */
abstract class SequenceDetector implements VaultDetector {

    private final AlertType type;
    private final String stepEntry;
    private final String patternEntry;
    private final String stepDescription;
    private final DetectionConfig.Sequence config;

    SequenceDetector(AlertType type, String stepEntry, String patternEntry, String stepDescription,
            DetectionConfig.Sequence config) {
        this.type = type;
        this.stepEntry = stepEntry;
        this.patternEntry = patternEntry;
        this.stepDescription = stepDescription;
        this.config = config;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        String caller = Callers.key(event);
        if (caller == null || event.operation().kind() != OperationKind.SECRET_READ
                || event.result().outcome() != Outcome.SUCCESS || baseline.learning()) {
            return Optional.empty();
        }
        Seen step = baseline.entry(stepEntry, caller);
        if (!baseline.within(step, config.window())) {
            return Optional.empty();
        }
        Seen pattern = baseline.entry(patternEntry, caller);
        long now = baseline.now().toEpochMilli();
        if (pattern != null && pattern.first() <= now - config.window().toMillis()) {
            return Optional.empty();
        }
        long secondsAfter = Duration.ofMillis(now - step.last()).toSeconds();
        String summary = String.format("%s %s vault %s and %s %d seconds later, a sequence it has not shown on this "
                + "vault in %s of history.", Callers.label(event), stepDescription, event.vault().name(),
                Detections.action(event).replaceFirst(" in$", ""), secondsAfter, Detections.days(baseline.history()));
        return Optional.of(Detections.fromEvent(type, event, summary, Map.of(
                "secondsAfterFirstStep", secondsAfter,
                "windowSeconds", config.window().toSeconds(),
                "vaultHistoryDays", baseline.history().toDays(),
                "operation", event.operation().name())));
    }
}
