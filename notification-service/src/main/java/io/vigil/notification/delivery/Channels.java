package io.vigil.notification.delivery;

import io.vigil.events.ExportDestination;

/** Ledger channel names. */
public final class Channels {

    public static final String EMAIL = "email";
    public static final String WEBHOOK = "webhook";
    public static final String SLACK = "slack";
    public static final String SYSLOG = "syslog";
    /** A subscription's own Kafka destination (recipient = destination name). */
    public static final String KAFKA = "kafka";
    /** The service-wide OCSF export topic (recipient = the topic). */
    public static final String OCSF = "ocsf";

    private Channels() {
    }

    public static String of(ExportDestination.Kind kind) {
        return switch (kind) {
            case WEBHOOK -> WEBHOOK;
            case SLACK -> SLACK;
            case SYSLOG_CEF -> SYSLOG;
            case KAFKA_OCSF -> KAFKA;
        };
    }
}
