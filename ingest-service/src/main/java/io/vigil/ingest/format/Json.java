package io.vigil.ingest.format;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.ingest.domain.RecordException;

/** Field access for vendor records that names the offending field when a value is missing or malformed. */
final class Json {

    private Json() {
    }

    /** The text at a dotted path, or null when absent, JSON null or blank. */
    static String text(JsonNode record, String path) {
        JsonNode node = at(record, path);
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
    }

    static String requiredText(JsonNode record, String path) {
        String value = text(record, path);
        if (value == null) {
            throw new RecordException(path, "is required");
        }
        return value;
    }

    static Instant requiredTime(JsonNode record, String path) {
        String value = requiredText(record, path);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new RecordException(path, "is not an ISO-8601 UTC timestamp");
        }
    }

    static Integer integer(JsonNode record, String path) {
        JsonNode node = at(record, path);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber() || (node.isTextual() && node.asText().matches("\\d{1,9}"))) {
            return node.asInt();
        }
        throw new RecordException(path, "is not an integer");
    }

    /** Fields whose name contains dots (Azure's URI claim names) are looked up whole first. */
    static JsonNode at(JsonNode record, String path) {
        JsonNode direct = record.get(path);
        if (direct != null) {
            return direct;
        }
        JsonNode node = record;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }
}
