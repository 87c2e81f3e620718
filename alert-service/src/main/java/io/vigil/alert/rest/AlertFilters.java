package io.vigil.alert.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.vigil.alert.domain.AlertFilter;
import io.vigil.common.net.IpRange;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Severity;

/**
 * Reads the alert filter from query parameters (or a bulk change's {@code filter} object) and names every value it
 * cannot use. Parameters may repeat; the enumerations and {@code ip} also take comma-separated lists.
 */
final class AlertFilters {

    static final String VAULT = "vault";
    static final String TYPE = "type";
    static final String SEVERITY = "severity";
    static final String MIN_SEVERITY = "minSeverity";
    static final String STATUS = "status";
    static final String FROM = "from";
    static final String TO = "to";
    static final String PRINCIPAL = "principal";
    static final String IP = "ip";
    static final Set<String> NAMES = Set.of(VAULT, TYPE, SEVERITY, MIN_SEVERITY, STATUS, FROM, TO, PRINCIPAL, IP);

    private static final int MAX_VALUES = 50;
    private static final int MAX_LENGTH = 1024;

    private final String prefix;
    private final List<Problem.Violation> errors = new ArrayList<>();

    private AlertFilters(String prefix) {
        this.prefix = prefix;
    }

    /** @param prefix what locations are prefixed with: "" for query parameters, "filter." for a body */
    static AlertFilters reading(String prefix) {
        return new AlertFilters(prefix);
    }

    AlertFilter parse(Map<String, List<String>> values) {
        List<String> vaults = strings(values, VAULT, Function.identity());
        List<AlertType> types = enums(values, TYPE, AlertType.class);
        List<Severity> severities = enums(values, SEVERITY, Severity.class);
        List<Severity> minimum = enums(values, MIN_SEVERITY, Severity.class);
        if (minimum.size() > 1) {
            error(MIN_SEVERITY, "give one minimum severity");
        }
        List<AlertStatus> statuses = enums(values, STATUS, AlertStatus.class);
        Instant from = time(values, FROM);
        Instant to = time(values, TO);
        if (from != null && to != null && !from.isBefore(to)) {
            error(TO, "'to' must be after 'from'");
        }
        List<String> principals = strings(values, PRINCIPAL, v -> v.toLowerCase(Locale.ROOT));
        List<String> addresses = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        for (String value : split(values, IP)) {
            String canonical = canonicalIp(value);
            if (canonical == null) {
                error(IP, "'" + shorten(value) + "' is not an IP address or CIDR range (e.g. 185.220.101.45, "
                        + "185.220.101.0/24, 2001:db8::/32)");
            } else if (canonical.indexOf('/') < 0) {
                addresses.add(canonical);
            } else {
                ranges.add(canonical);
            }
        }
        return new AlertFilter(vaults, types, severities, minimum.isEmpty() ? null : minimum.get(0), statuses, from,
                to, principals, addresses, ranges);
    }

    List<Problem.Violation> errors() {
        return errors;
    }

    void error(String name, String message) {
        errors.add(new Problem.Violation(prefix + name, message));
    }

    /** Fails with 400 naming every parameter that was wrong, when one was. */
    void check() {
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    static ProblemException invalid(List<Problem.Violation> errors) {
        List<String> names = errors.stream().map(Problem.Violation::location).distinct().toList();
        String detail = errors.size() == 1
                ? "Invalid parameter '" + errors.get(0).location() + "': " + errors.get(0).message()
                : "Invalid parameters " + names + ": " + String.join("; ", errors.stream()
                        .map(e -> e.location() + ": " + e.message()).toList());
        return new ProblemException(400, "invalid-parameter", "Invalid parameter", detail, errors, null);
    }

    /** Unknown names are refused rather than ignored: a misspelt filter must not silently widen a list or a change. */
    void unknown(Set<String> given, Set<String> known) {
        for (String name : given) {
            if (!known.contains(name)) {
                error(name, "unknown parameter; known: " + known.stream().sorted().toList());
            }
        }
    }

    private List<String> strings(Map<String, List<String>> values, String name, Function<String, String> normal) {
        List<String> raw = values.getOrDefault(name, List.of());
        Set<String> result = new LinkedHashSet<>();
        for (String value : raw) {
            String trimmed = value == null ? "" : value.trim();
            if (trimmed.isEmpty()) {
                error(name, "must not be empty");
            } else if (trimmed.length() > MAX_LENGTH) {
                error(name, "longer than " + MAX_LENGTH + " characters");
            } else {
                result.add(normal.apply(trimmed));
            }
        }
        if (result.size() > MAX_VALUES) {
            error(name, "at most " + MAX_VALUES + " values");
        }
        return List.copyOf(result);
    }

    private List<String> split(Map<String, List<String>> values, String name) {
        List<String> parts = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            if (value == null || value.isBlank()) {
                error(name, "must not be empty");
                continue;
            }
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
        }
        if (parts.size() > MAX_VALUES) {
            error(name, "at most " + MAX_VALUES + " values");
        }
        return parts;
    }

    private <E extends Enum<E>> List<E> enums(Map<String, List<String>> values, String name, Class<E> type) {
        Set<E> result = new LinkedHashSet<>();
        for (String part : split(values, name)) {
            E value = Arrays.stream(type.getEnumConstants())
                    .filter(c -> c.name().equalsIgnoreCase(part)).findFirst().orElse(null);
            if (value == null) {
                error(name, "'" + shorten(part) + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            } else {
                result.add(value);
            }
        }
        return List.copyOf(result);
    }

    private Instant time(Map<String, List<String>> values, String name) {
        List<String> raw = values.getOrDefault(name, List.of());
        if (raw.isEmpty()) {
            return null;
        }
        if (raw.size() > 1) {
            error(name, "give one time");
            return null;
        }
        Instant time = parseTime(raw.get(0));
        if (time == null) {
            error(name, "'" + shorten(raw.get(0)) + "' is not a time: use ISO-8601, e.g. 2026-11-20T10:15:00Z, "
                    + "2026-11-20T11:15:00+01:00 or a day 2026-11-20 (its start, UTC)");
        }
        return time;
    }

    static Instant parseTime(String value) {
        String text = value == null ? "" : value.trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** An address in PostgreSQL's and Java's common canonical form, or a range as network/prefix; null if neither. */
    static String canonicalIp(String text) {
        if (IpRange.parse(text).isEmpty()) {
            return null;
        }
        int slash = text.indexOf('/');
        byte[] address = IpRange.address(slash < 0 ? text : text.substring(0, slash)).orElseThrow();
        try {
            String canonical = InetAddress.getByAddress(address).getHostAddress();
            return slash < 0 ? canonical : canonical + text.substring(slash).trim();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
