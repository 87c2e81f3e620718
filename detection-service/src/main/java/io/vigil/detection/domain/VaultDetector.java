package io.vigil.detection.domain;

import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/** Judges an event against its vault's baseline, as it was before this event. */
public interface VaultDetector {

    Optional<Detection> evaluate(AccessEvent event, VaultBaseline baseline);
}
