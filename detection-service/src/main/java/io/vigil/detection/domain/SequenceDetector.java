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
 * A first step followed within a window by a secret read, by the same principal on the same vault, when the
 * principal's history (on any vault, within the entry TTL) does not show that sequence before this one began: the
 * catalog's "a pattern this principal does not normally show". Logs arrive out of order, so a first step analysed
 * after reads that followed it completes the sequence too (and then is the triggering event). A service that lists then reads at every restart, or a
 * person who browses before reading, shows it once and is then known for it wherever they do it. Every read of the
 * sequence window matches, so the detection (and its cooldown total) lists every secret read after the first step.
 */
abstract class SequenceDetector implements PrincipalDetector {

    private final AlertType type;
    private final String sequence;
    private final OperationKind firstStep;
    private final String stepDescription;
    private final DetectionConfig.Sequence config;

    SequenceDetector(AlertType type, String sequence, OperationKind firstStep, String stepDescription,
            DetectionConfig.Sequence config) {
        this.type = type;
        this.sequence = sequence;
        this.firstStep = firstStep;
        this.stepDescription = stepDescription;
        this.config = config;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, PrincipalBaseline baseline) {
        if (event.result().outcome() != Outcome.SUCCESS || baseline.learning()) {
            return Optional.empty();
        }
        long now = baseline.now();
        Seen pattern = baseline.pattern(sequence);
        if (pattern != null && pattern.first() <= now - config.window().toMillis()) {
            return Optional.empty();
        }
        if (event.operation().kind() == firstStep && baseline.readFollowed(config.window())) {
            // the reads were logged before the step that preceded them: the step completes the sequence
            String summary = String.format("%s %s vault %s and read secrets there within %d minutes after (logged "
                    + "first), a sequence it has not shown on any vault in %s of history.", Callers.label(event),
                    stepDescription, event.vault().name(), config.window().toMinutes(),
                    Detections.days(baseline.history()));
            return Optional.of(Detections.fromEvent(type, event, summary, Map.of(
                    "windowSeconds", config.window().toSeconds(),
                    "principalHistoryDays", baseline.history().toDays(),
                    "operation", event.operation().name())));
        }
        if (event.operation().kind() != OperationKind.SECRET_READ) {
            return Optional.empty();
        }
        Long step = baseline.lastStep(sequence);
        if (step == null || step > now || now - step > config.window().toMillis()) {
            return Optional.empty();
        }
        long secondsAfter = Duration.ofMillis(now - step).toSeconds();
        String summary = String.format("%s %s vault %s and %s %d seconds later, a sequence it has not shown on any "
                + "vault in %s of history.", Callers.label(event), stepDescription, event.vault().name(),
                Detections.action(event).replaceFirst(" in$", ""), secondsAfter, Detections.days(baseline.history()));
        return Optional.of(Detections.fromEvent(type, event, summary, Map.of(
                "secondsAfterFirstStep", secondsAfter,
                "windowSeconds", config.window().toSeconds(),
                "principalHistoryDays", baseline.history().toDays(),
                "operation", event.operation().name())));
    }
}
