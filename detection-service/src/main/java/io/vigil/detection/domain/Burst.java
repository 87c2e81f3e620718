package io.vigil.detection.domain;

import java.util.List;

import io.vigil.events.AccessedObject;
import io.vigil.events.Detection;

/**
 * A correlation key in its cooldown: the detection that was emitted, and what matched since without being emitted.
 *
 * @param until end of the cooldown, epoch milliseconds of event time
 * @param held detections matched and held back since {@code emitted}
 * @param objects objects touched by the held detections, bounded
 * @param objectCount all objects touched by the held detections
 * @param lastSeen the newest held detection's last event
 */
public record Burst(Detection emitted, long until, int held, List<AccessedObject> objects, int objectCount,
        List<String> eventIds, long lastSeen) {

    public Burst {
        objects = List.copyOf(objects);
        eventIds = List.copyOf(eventIds);
    }
}
