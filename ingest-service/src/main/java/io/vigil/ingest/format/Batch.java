package io.vigil.ingest.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.vigil.common.rest.ProblemException;

/**
 * Splits a request body into records. Shippers send three shapes: an envelope object ({@code {"records":[...]}}), a
 * JSON array, or JSON lines (one object per line, as audit devices write them). Formats without an envelope accept
 * only the last two; a single object is then one record.
 */
public final class Batch {

    private Batch() {
    }

    public static List<JsonNode> records(ObjectMapper mapper, byte[] body, LogFormat format, int maxRecords) {
        List<JsonNode> values = readValues(mapper, body);
        String envelopeField = format.envelopeField();
        if (envelopeField != null && values.size() == 1 && values.get(0).isObject()
                && values.get(0).get(envelopeField) != null) {
            JsonNode envelope = values.get(0).get(envelopeField);
            if (!envelope.isArray()) {
                throw malformed("'" + envelopeField + "' must be an array of records");
            }
            values = toList((ArrayNode) envelope);
        } else if (values.size() == 1 && values.get(0).isArray()) {
            values = toList((ArrayNode) values.get(0));
        }
        if (values.isEmpty()) {
            throw malformed("The body holds no records");
        }
        if (values.size() > maxRecords) {
            throw new ProblemException(413, "too-many-records", "Too many records",
                    "The batch holds " + values.size() + " records; at most " + maxRecords + " are accepted per request");
        }
        return values;
    }

    private static List<JsonNode> readValues(ObjectMapper mapper, byte[] body) {
        List<JsonNode> values = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(body)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() != JsonToken.START_OBJECT && parser.currentToken() != JsonToken.START_ARRAY) {
                    throw malformed("Expected a JSON object or array at line " + parser.currentLocation().getLineNr());
                }
                values.add(mapper.readTree(parser));
            }
            return values;
        } catch (IOException e) {
            throw malformed("The body is not valid JSON, a JSON array or JSON lines"
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                            ? " (line " + jpe.getLocation().getLineNr() + ", column "
                                    + jpe.getLocation().getColumnNr() + ")"
                            : ""));
        }
    }

    private static List<JsonNode> toList(ArrayNode array) {
        List<JsonNode> list = new ArrayList<>(array.size());
        array.forEach(list::add);
        return list;
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(400, "malformed-body", "Malformed body", detail);
    }
}
