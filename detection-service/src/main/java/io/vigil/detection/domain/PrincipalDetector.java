package io.vigil.detection.domain;

import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/** Judges an event against its caller's cross-vault baseline, as it was before this event. */
public interface PrincipalDetector {

    Optional<Detection> evaluate(AccessEvent event, PrincipalBaseline baseline);
}
