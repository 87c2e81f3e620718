package io.vigil.events;

import java.util.List;

/** Kafka topic names: versioned, so an incompatible contract gets a new topic rather than breaking consumers. */
public final class Topics {

    public static final String ACCESS_EVENTS = "vigil.access-events.v1";
    public static final String DETECTIONS = "vigil.detections.v1";
    public static final String ALERTS = "vigil.alerts.v1";
    /** Compacted: plans, trusted networks, detection exceptions, notification settings. */
    public static final String CONFIG = "vigil.config.v1";
    /** Hourly transaction counts per subscription, from detection-service. */
    public static final String USAGE = "vigil.usage.v1";
    public static final String DLQ_SUFFIX = ".dlq";

    public static final List<String> STREAMS = List.of(ACCESS_EVENTS, DETECTIONS, ALERTS);

    private Topics() {
    }
}
