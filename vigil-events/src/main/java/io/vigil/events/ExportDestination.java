package io.vigil.events;

import java.util.List;

/**
 * A sink that receives every change of a subscription's alerts as it happens (Defender's streaming continuous
 * export), filtered by severity and type.
 *
 * @param name unique within the subscription; names the destination in delivery history
 * @param kind the channel and its payload format
 * @param target where to send: an http(s) URL for webhooks, {@code host:port} for syslog, a topic for Kafka
 * @param minimumSeverity the least severe alert that is sent
 * @param alertTypes alert type names to send, or empty for every type
 * @param secretRef the name of a signing secret configured in notification-service (never the secret itself, which
 *        stays out of Kafka and the database); required for {@link Kind#WEBHOOK}
 */
public record ExportDestination(String name, Kind kind, String target, Severity minimumSeverity,
        List<String> alertTypes, String secretRef) {

    public enum Kind {
        /** JSON POST signed with HMAC-SHA256 over timestamp and body. */
        WEBHOOK,
        /** A Slack-compatible incoming-webhook message. */
        SLACK,
        /** CEF over syslog (RFC 5424, TCP). */
        SYSLOG_CEF,
        /** OCSF Detection Finding JSON to a Kafka topic. */
        KAFKA_OCSF
    }

    public ExportDestination {
        minimumSeverity = minimumSeverity == null ? Severity.INFORMATIONAL : minimumSeverity;
        alertTypes = alertTypes == null ? List.of() : List.copyOf(alertTypes);
    }

    public boolean accepts(Severity severity, String alertType) {
        return severity.atLeast(minimumSeverity) && (alertTypes.isEmpty() || alertTypes.contains(alertType));
    }
}
