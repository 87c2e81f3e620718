package io.vigil.ingest.format;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.events.UtcInstants;
import io.vigil.ingest.domain.RecordException;

/** Field access for vendor records that names the offending field when a value is missing or malformed. */
final class Json {

    /** Dotted paths split once: the parts are then the same strings, their hashes computed once. */
    private static final Map<String, String[]> PATHS = new ConcurrentHashMap<>();
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    private Json() {
    }

    /** The text at a dotted path, or null when absent, JSON null or blank. */
    static String text(JsonNode record, String path) {
        return scalarText(at(record, path));
    }

    static String requiredText(JsonNode record, String path) {
        String value = text(record, path);
        if (value == null) {
            throw new RecordException(path, "is required");
        }
        return value;
    }

    /** The text of the field named {@code name}, dots and all; null when absent, JSON null or blank. */
    static String fieldText(JsonNode record, String name) {
        return record == null || !record.isObject() ? null : scalarText(record.get(name));
    }

    /** The first element's text when the value is an array (how Vault logs headers), else the value's own text. */
    static String firstText(JsonNode record, String path) {
        JsonNode node = at(record, path);
        return scalarText(node != null && node.isArray() ? node.get(0) : node);
    }

    /** The object at a path, or null when absent or not an object: callers then treat the block as missing. */
    static JsonNode object(JsonNode record, String path) {
        JsonNode node = at(record, path);
        return node != null && node.isObject() ? node : null;
    }

    static Instant requiredTime(JsonNode record, String path) {
        Instant time = time(requiredText(record, path));
        if (time == null) {
            throw new RecordException(path, "is not an ISO-8601 / RFC 3339 timestamp");
        }
        return time;
    }

    /** ISO-8601 in UTC ({@code Z}) or with an offset, as RFC 3339 allows; null when neither. */
    static Instant time(String value) {
        Instant utc = UtcInstants.parse(value);
        if (utc != null) {
            return utc;
        }
        if (value.indexOf('T') < 0 && value.indexOf('t') < 0) {
            // both ISO readers below need the separator: CloudTrail exports' "2024-10-17 21:48:45.000000000" would
            // only cost two thrown exceptions per record
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notWithOffset) {
                return null;
            }
        }
    }

    static Integer integer(JsonNode record, String path) {
        JsonNode node = at(record, path);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        // canConvertToInt: a huge number must not wrap around into a plausible value
        if ((node.isIntegralNumber() && node.canConvertToInt())
                || (node.isTextual() && DIGITS.matcher(node.asText()).matches())) {
            return node.asInt();
        }
        throw new RecordException(path, "is not an integer");
    }

    /**
     * The value at a dotted path, or null. A field whose name has dots in it (Azure's URI claim names) is read with
     * {@link #fieldText}.
     */
    static JsonNode at(JsonNode record, String path) {
        if (record == null || !record.isObject()) {
            return null;
        }
        if (path.indexOf('.') < 0) {
            return record.get(path);
        }
        JsonNode node = record;
        for (String part : PATHS.computeIfAbsent(path, p -> p.split("\\."))) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    private static String scalarText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
    }
}
