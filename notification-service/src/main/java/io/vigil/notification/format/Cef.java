package io.vigil.notification.format;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;
import io.vigil.events.Severity;

/**
 * An alert as one ArcSight CEF line: {@code CEF:0|Vigil|Vigil|1.0|<alert type>|<name>|<severity 0-10>|<extension>}.
 * Header fields escape {@code \} and {@code |}; extension values escape {@code \}, {@code =} and line breaks
 * ({@code \n}, {@code \r}), as the CEF specification requires. Custom strings use the {@code csN}/{@code csNLabel}
 * pairs.
 */
public final class Cef {

    public static final String VENDOR = "Vigil";
    public static final String PRODUCT = "Vigil";
    public static final String VERSION = "1.0";

    private Cef() {
    }

    public static String line(AlertEvent a, String link, boolean snapshot) {
        StringBuilder cef = new StringBuilder("CEF:0|").append(header(VENDOR)).append('|').append(header(PRODUCT))
                .append('|').append(header(VERSION)).append('|')
                .append(header(a.alertType() == null ? "unknown" : a.alertType().name())).append('|')
                .append(header(a.displayName())).append('|').append(severity(a.severity())).append('|');
        Extension ext = new Extension(cef);
        ext.add("rt", millis(a.updatedAt() != null ? a.updatedAt() : a.lastSeen()));
        ext.add("externalId", a.alertId());
        ext.add("cat", a.tactics() == null ? null : String.join(", ", a.tactics()));
        ext.add("act", a.change() == null ? null : a.change().name());
        ext.add("start", millis(a.firstSeen()));
        ext.add("end", millis(a.lastSeen()));
        ext.add("cnt", String.valueOf(a.detectionCount()));
        if (a.client() != null) {
            ext.add("src", a.client().ip());
            ext.add("requestClientApplication", a.client().userAgent());
        }
        if (a.principal() != null) {
            ext.add("suser", a.principal().upn() != null ? a.principal().upn() : a.principal().displayName());
            ext.add("suid", a.principal().objectId() != null ? a.principal().objectId() : a.principal().appId());
        }
        ext.add("msg", a.evidence() != null && a.evidence().summary() != null ? a.evidence().summary()
                : a.description());
        ext.custom("cs1", "vault", a.vault() == null ? null : a.vault().name());
        ext.custom("cs2", "vaultId", a.vault() == null ? null : a.vault().id());
        ext.custom("cs3", "subscription", a.subscriptionId());
        ext.custom("cs4", "status", a.status() == null ? null : a.status().name());
        ext.custom("cs5", "secrets", secrets(a.objects()));
        ext.custom("cs6", "link", link);
        ext.custom("cn1", "alertVersion", String.valueOf(a.version()));
        if (a.suppressedBy() != null) {
            ext.custom("flexString2", "suppressedBy", a.suppressedBy());
        }
        if (snapshot) {
            ext.custom("flexString1", "isSnapshot", "true");
        } else if (a.simulated()) {
            ext.custom("flexString1", "simulated", "true");
        }
        return cef.toString();
    }

    /** CEF severity 0-10: Low 0-3, Medium 4-6, High 7-8, Very-High 9-10. */
    static int severity(Severity severity) {
        return switch (severity == null ? Severity.INFORMATIONAL : severity) {
            case INFORMATIONAL -> 1;
            case LOW -> 3;
            case MEDIUM -> 5;
            case HIGH -> 8;
        };
    }

    private static String secrets(List<AccessedObject> objects) {
        if (objects == null || objects.isEmpty()) {
            return null;
        }
        return objects.stream().map(AccessedObject::name).distinct().collect(Collectors.joining(", "));
    }

    private static String millis(Instant time) {
        return time == null ? null : String.valueOf(time.toEpochMilli());
    }

    /** Header field: backslash and pipe escaped; line breaks are not allowed there and become spaces. */
    public static String header(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '|' -> out.append("\\|");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Extension value: backslash, equals sign and line breaks escaped; a pipe needs no escaping here. */
    public static String value(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '=' -> out.append("\\=");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final class Extension {

        private final StringBuilder out;
        private boolean first = true;

        Extension(StringBuilder out) {
            this.out = out;
        }

        void add(String key, String value) {
            if (value == null || value.isEmpty()) {
                return;
            }
            if (!first) {
                out.append(' ');
            }
            first = false;
            out.append(key).append('=').append(value(value));
        }

        void custom(String key, String label, String value) {
            if (value == null || value.isEmpty()) {
                return;
            }
            add(key + "Label", label);
            add(key, value);
        }
    }
}
