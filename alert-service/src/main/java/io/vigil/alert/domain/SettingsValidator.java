package io.vigil.alert.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.vigil.common.net.IpRange;
import io.vigil.common.rest.Problem.Violation;
import io.vigil.events.AlertType;
import io.vigil.events.DetectionException;
import io.vigil.events.ExportDestination;
import io.vigil.events.NotificationSettings;
import io.vigil.events.OperationKind;
import io.vigil.events.PrincipalType;
import io.vigil.events.Severity;

/**
 * Checks settings sections and turns them into the contract's types. Every violation is collected with its location
 * in the settings document ({@code exports[1].target}, {@code notifications.emails[0]}), whichever endpoint received
 * the section, so one request reports everything that is wrong.
 */
public final class SettingsValidator {

    public static final Set<String> ROLES = Set.of("vigil-viewer", "vigil-responder", "vigil-admin");
    static final int MAX_EXCEPTIONS = 100;
    static final int MAX_VALUES = 100;
    static final int MAX_EMAILS = 50;
    static final int MAX_EXPORTS = 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Deliberately simple: one @, a dot in the domain, no spaces; the mail server has the last word. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,;\"]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Set<String> EXCEPTION_FIELDS = Arrays.stream(DetectionException.FIELDS.split(","))
            .map(String::strip).collect(Collectors.toUnmodifiableSet());

    private final List<Violation> violations = new ArrayList<>();

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public List<String> trustedNetworks(List<String> networks) {
        if (networks == null) {
            return required("trustedNetworks", List.of());
        }
        for (int i = 0; i < networks.size(); i++) {
            if (networks.get(i) == null || IpRange.parse(networks.get(i)).isEmpty()) {
                violation("trustedNetworks[" + i + "]", "is not an IP address or CIDR block");
            }
        }
        return networks.stream().map(n -> n == null ? null : n.strip()).toList();
    }

    public List<DetectionException> detectionExceptions(List<SettingsDraft.ExceptionEntry> drafts) {
        if (drafts == null) {
            return required("detectionExceptions", List.of());
        }
        if (drafts.size() > MAX_EXCEPTIONS) {
            violation("detectionExceptions", "at most " + MAX_EXCEPTIONS + " exceptions");
        }
        List<DetectionException> valid = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = "detectionExceptions[" + i + "]";
            SettingsDraft.ExceptionEntry draft = drafts.get(i);
            if (draft == null) {
                violation(at, "is null");
                continue;
            }
            String name = name(at + ".name", draft.name(), names);
            List<String> types = new ArrayList<>();
            if (draft.alertTypes() == null || draft.alertTypes().isEmpty()) {
                violation(at + ".alertTypes", "name at least one alert type, or \"*\" for every type");
            } else {
                for (int j = 0; j < draft.alertTypes().size(); j++) {
                    String type = strip(draft.alertTypes().get(j));
                    if (!"*".equals(type)) {
                        AlertType known = alertType(at + ".alertTypes[" + j + "]", type);
                        if (known != null && known.vigilInternal()) {
                            violation(at + ".alertTypes[" + j + "]", type + " is raised by Vigil itself, never "
                                    + "by detection, so it cannot be excepted");
                        }
                    }
                    types.add(type);
                }
            }
            Map<String, List<String>> fields = new LinkedHashMap<>();
            if (draft.fields() == null || draft.fields().isEmpty()) {
                violation(at + ".fields", "name at least one field: an exception without conditions would hide "
                        + "every detection of its types");
            } else {
                draft.fields().forEach((field, values) -> fields.put(field, exceptionValues(at + ".fields." + field,
                        field, values)));
            }
            valid.add(new DetectionException(name, types, fields));
        }
        return valid;
    }

    private List<String> exceptionValues(String at, String field, List<String> values) {
        if (!EXCEPTION_FIELDS.contains(field)) {
            violation(at, "unknown field; fields: " + DetectionException.FIELDS);
            return List.of();
        }
        if (values == null || values.isEmpty()) {
            violation(at, "list at least one value");
            return List.of();
        }
        if (values.size() > MAX_VALUES) {
            violation(at, "at most " + MAX_VALUES + " values");
        }
        List<String> valid = new ArrayList<>();
        for (int k = 0; k < values.size(); k++) {
            String value = strip(values.get(k));
            String where = at + "[" + k + "]";
            if (value == null || value.isEmpty()) {
                violation(where, "is empty");
            } else if ("client.ip".equals(field) && (value.contains("/") || IpRange.parse(value).isEmpty())) {
                violation(where, "is not an IP address (exceptions compare exact values; trust a range with "
                        + "trustedNetworks)");
            } else if ("principal.type".equals(field) && !isEnum(PrincipalType.class, value)) {
                violation(where, "is not a principal type; one of " + Arrays.toString(PrincipalType.values()));
            } else if ("operation.kind".equals(field) && !isEnum(OperationKind.class, value)) {
                violation(where, "is not an operation kind; one of " + Arrays.toString(OperationKind.values()));
            }
            valid.add(value);
        }
        return valid;
    }

    public NotificationSettings notifications(SettingsDraft.Notifications draft) {
        if (draft == null) {
            return required("notifications", NotificationSettings.defaults());
        }
        if (draft.enabled() == null) {
            violation("notifications.enabled", "is required");
        }
        Severity minimum = draft.minimumSeverity() == null
                ? required("notifications.minimumSeverity", Severity.HIGH)
                : severity("notifications.minimumSeverity", draft.minimumSeverity());
        List<String> emails = new ArrayList<>();
        List<String> given = draft.emails() == null ? List.of() : draft.emails();
        if (given.size() > MAX_EMAILS) {
            violation("notifications.emails", "at most " + MAX_EMAILS + " addresses");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String email = strip(given.get(i));
            if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
                violation("notifications.emails[" + i + "]", "is not an email address");
            } else if (!seen.add(email.toLowerCase(Locale.ROOT))) {
                violation("notifications.emails[" + i + "]", "is listed twice");
            }
            emails.add(email);
        }
        List<String> roles = draft.roles() == null ? List.of() : draft.roles();
        for (int i = 0; i < roles.size(); i++) {
            if (!ROLES.contains(roles.get(i))) {
                violation("notifications.roles[" + i + "]", "is not a Vigil role; one of " + ROLES);
            }
        }
        boolean enabled = draft.enabled() == null || draft.enabled();
        if (enabled && emails.isEmpty() && roles.isEmpty()) {
            violation("notifications", "enabled but with no recipient: list emails or roles, or disable them");
        }
        return new NotificationSettings(enabled, minimum, emails, List.copyOf(new java.util.LinkedHashSet<>(roles)));
    }

    public List<ExportDestination> exports(List<SettingsDraft.Export> drafts) {
        if (drafts == null) {
            return required("exports", List.of());
        }
        if (drafts.size() > MAX_EXPORTS) {
            violation("exports", "at most " + MAX_EXPORTS + " destinations");
        }
        List<ExportDestination> valid = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = "exports[" + i + "]";
            SettingsDraft.Export draft = drafts.get(i);
            if (draft == null) {
                violation(at, "is null");
                continue;
            }
            String name = name(at + ".name", draft.name(), names);
            ExportDestination.Kind kind = null;
            if (draft.kind() == null) {
                violation(at + ".kind", "is required; one of " + Arrays.toString(ExportDestination.Kind.values()));
            } else if (!isEnum(ExportDestination.Kind.class, draft.kind())) {
                violation(at + ".kind", "is not a destination kind; one of "
                        + Arrays.toString(ExportDestination.Kind.values()));
            } else {
                kind = ExportDestination.Kind.valueOf(draft.kind());
            }
            String target = strip(draft.target());
            if (target == null || target.isEmpty()) {
                violation(at + ".target", "is required");
            } else if (kind != null) {
                target(at + ".target", kind, target);
            }
            Severity minimum = draft.minimumSeverity() == null ? Severity.INFORMATIONAL
                    : severity(at + ".minimumSeverity", draft.minimumSeverity());
            List<String> types = draft.alertTypes() == null ? List.of() : draft.alertTypes();
            for (int j = 0; j < types.size(); j++) {
                alertType(at + ".alertTypes[" + j + "]", types.get(j));
            }
            String secretRef = strip(draft.secretRef());
            if (secretRef == null || secretRef.isEmpty()) {
                if (kind == ExportDestination.Kind.WEBHOOK) {
                    violation(at + ".secretRef", "is required for a WEBHOOK: name the signing secret configured in "
                            + "notification-service");
                }
                secretRef = null;
            } else if (!NAME.matcher(secretRef).matches()) {
                violation(at + ".secretRef", "names a secret configured in notification-service (letters, digits, "
                        + "'.', '_', '-'); the secret itself never goes here");
            }
            valid.add(new ExportDestination(name, kind, target, minimum, types, secretRef));
        }
        return valid;
    }

    private void target(String at, ExportDestination.Kind kind, String target) {
        switch (kind) {
            case WEBHOOK, SLACK -> {
                URI uri = uri(target);
                if (uri == null || uri.getScheme() == null || uri.getHost() == null
                        || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                    violation(at, "is not an http(s) URL");
                } else if (uri.getRawUserInfo() != null) {
                    violation(at, "carries credentials; they would be published and stored: sign with secretRef");
                }
            }
            case SYSLOG_CEF -> {
                int colon = target.lastIndexOf(':');
                String host = colon < 0 ? "" : target.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                    if (IpRange.parse(host).isEmpty() || host.contains("/")) {
                        host = "";
                    }
                }
                if (host.isEmpty() || !(HOST.matcher(host).matches() || host.contains(":")) || !port(target
                        .substring(colon + 1))) {
                    violation(at, "is not host:port (e.g. siem.example.com:6514, [2001:db8::1]:514)");
                }
            }
            case KAFKA_OCSF -> {
                if (!TOPIC.matcher(target).matches()) {
                    violation(at, "is not a Kafka topic name");
                } else if (target.startsWith("vigil.")) {
                    violation(at, "is one of Vigil's own topics; export to a topic of your own");
                }
            }
        }
    }

    private static boolean port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private String name(String at, String name, Map<String, Integer> seen) {
        String stripped = strip(name);
        if (stripped == null || !NAME.matcher(stripped).matches()) {
            violation(at, "1-64 characters: starts with a letter or digit; letters, digits, '.', '_', '-'");
        } else {
            Integer first = seen.putIfAbsent(stripped.toLowerCase(Locale.ROOT), 0);
            if (first != null) {
                violation(at, "'" + stripped + "' is used twice; names are unique (ignoring case)");
            }
        }
        return stripped;
    }

    private AlertType alertType(String at, String name) {
        if (!isEnum(AlertType.class, name)) {
            violation(at, "'" + name + "' is not an alert type");
            return null;
        }
        return AlertType.valueOf(name);
    }

    private Severity severity(String at, String name) {
        if (!isEnum(Severity.class, name)) {
            violation(at, "is not a severity; one of " + Arrays.toString(Severity.values()));
            return Severity.HIGH;
        }
        return Severity.valueOf(name);
    }

    private static <E extends Enum<E>> boolean isEnum(Class<E> type, String name) {
        if (name == null) {
            return false;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private <T> T required(String at, T fallback) {
        violation(at, "is required");
        return fallback;
    }

    private void violation(String at, String message) {
        violations.add(new Violation(at, message));
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
