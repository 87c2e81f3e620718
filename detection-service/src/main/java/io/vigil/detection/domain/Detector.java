package io.vigil.detection.domain;

import java.util.Optional;

import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/** Looks at one access event on its own: the IP-reputation family needs no baseline. */
public interface Detector {

    Optional<Detection> evaluate(AccessEvent event);
}
