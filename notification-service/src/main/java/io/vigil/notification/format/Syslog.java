package io.vigil.notification.format;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.vigil.events.Severity;

/**
 * RFC 5424 syslog messages framed for TCP by octet counting (RFC 6587 §3.4.1): {@code <length> <message>}, where the
 * message is {@code <PRI>1 TIMESTAMP HOSTNAME vigil - alert - MSG} and MSG is UTF-8 text (a CEF line).
 */
public final class Syslog {

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);
    public static final String APP_NAME = "vigil";
    public static final String MSG_ID = "alert";

    private Syslog() {
    }

    /** Syslog severity of an alert: High critical (2), Medium warning (4), Low notice (5), Informational (6). */
    static int severity(Severity severity) {
        return switch (severity == null ? Severity.INFORMATIONAL : severity) {
            case HIGH -> 2;
            case MEDIUM -> 4;
            case LOW -> 5;
            case INFORMATIONAL -> 6;
        };
    }

    public static String message(int facility, Severity severity, Instant time, String hostname, String msg) {
        int pri = facility * 8 + severity(severity);
        return "<" + pri + ">1 " + TIMESTAMP.format(time) + " " + field(hostname) + " " + APP_NAME + " - " + MSG_ID
                + " - " + msg;
    }

    /** The octet-counted frame of a message. */
    public static byte[] frame(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(bytes, 0, frame, prefix.length, bytes.length);
        return frame;
    }

    /** A header field: printable US-ASCII without spaces, at most 255 characters, or the nil value. */
    static String field(String value) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 255; i++) {
            char c = value.charAt(i);
            if (c > 32 && c < 127) {
                out.append(c);
            }
        }
        return out.isEmpty() ? "-" : out.toString();
    }
}
