package io.vigil.ingest.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
            throw tooMany(String.valueOf(values.size()), maxRecords);
        }
        return values;
    }

    /** Reads one record of a streamed batch, the parser on the record's first token. */
    @FunctionalInterface
    public interface RecordReader {
        /**
         * @param record the record's tree, built on demand; only once the record has been read to its end
         */
        void read(int index, JsonParser parser, Supplier<JsonNode> record) throws IOException;
    }

    /**
     * Hands each record of a JSON array or JSON lines body to {@code reader} as it is parsed, with no tree per
     * record, and skips whatever of the record the reader left unread (a refused record stops being read at its first
     * fault). A body that is not JSON fails whole (400), like one with more records than allowed (413): nothing of it
     * is accepted. Returns how many records there were.
     */
    public static int stream(ObjectMapper mapper, byte[] body, int maxRecords, RecordReader reader) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw malformed("The body holds no records");
            }
            boolean array = token == JsonToken.START_ARRAY;
            int containerDepth = array ? 1 : 0;
            if (array) {
                token = parser.nextToken();
            }
            int count = 0;
            for (; token != null && token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (!array && token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
                    throw malformed("Expected a JSON object or array at line " + parser.currentLocation().getLineNr());
                }
                if (++count > maxRecords) {
                    throw tooMany("more than " + maxRecords, maxRecords);
                }
                long start = parser.currentTokenLocation().getByteOffset();
                reader.read(count - 1, parser, () -> tree(mapper, body, start, parser));
                while (parser.getParsingContext().getNestingDepth() > containerDepth) {
                    parser.nextToken();
                }
            }
            if (array && parser.nextToken() != null) {
                throw malformed("Nothing may follow the JSON array of records");
            }
            if (count == 0) {
                throw malformed("The body holds no records");
            }
            return count;
        } catch (IOException e) {
            throw malformed(e);
        } catch (UncheckedIOException e) {
            throw malformed(e.getCause());
        }
    }

    private static JsonNode tree(ObjectMapper mapper, byte[] body, long start, JsonParser parser) {
        long end = parser.currentLocation().getByteOffset();
        try {
            return mapper.readTree(body, (int) start, (int) (end - start));
        } catch (IOException e) {
            // the same bytes were just parsed without error
            throw new UncheckedIOException(e);
        }
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
            throw malformed(e);
        }
    }

    private static ProblemException malformed(IOException e) {
        return malformed("The body is not valid JSON, a JSON array or JSON lines"
                + (e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                        ? " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr()
                                + ")"
                        : ""));
    }

    private static ProblemException tooMany(String held, int maxRecords) {
        return new ProblemException(413, "too-many-records", "Too many records",
                "The batch holds " + held + " records; at most " + maxRecords + " are accepted per request");
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
