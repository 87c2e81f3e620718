package io.vigil.ingest.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

    /**
     * The body's records, each with where its text is in the body (its content id is computed over those bytes), in
     * the order sent.
     */
    public static List<IndexedRecord> records(ObjectMapper mapper, byte[] body, LogFormat format, int maxRecords) {
        List<IndexedRecord> records = new ArrayList<>();
        forEach(mapper, body, format, maxRecords, (index, record, text) -> records.add(
                new IndexedRecord(index, record, text)));
        records.sort(Comparator.comparingInt(IndexedRecord::index));
        return records;
    }

    /** Takes one record of a batch: its tree, with only its format's kept fields, and its text. */
    @FunctionalInterface
    public interface TreeReader {
        void read(int index, JsonNode record, RecordText text);
    }

    /**
     * Hands each of the body's records, as {@link #records} splits them, to {@code reader}: a JSON line is handed over
     * as soon as it is read, so that it is mapped while its tree and its bytes are still in the processor's caches
     * (mapping 500 records after reading them all found them evicted). Only a value that may be the whole body's
     * envelope or array of records waits for the end of the body, which tells whether it was alone; its records then
     * come last, with their own indexes. A body that is not JSON, or holds more records than allowed, fails (400,
     * 413) after records before its fault may have been handed over: nothing may be published before this returns.
     */
    public static void forEach(ObjectMapper mapper, byte[] body, LogFormat format, int maxRecords,
            TreeReader reader) {
        String envelopeField = format.envelopeField();
        KeptFields kept = format.keptFields().withEnvelope(envelopeField);
        List<Value> undecided = new ArrayList<>();
        int values = 0;
        try (JsonParser parser = mapper.createParser(body)) {
            for (JsonToken token; (token = parser.nextToken()) != null; values++) {
                requireUtf8(parser);
                if (token == JsonToken.START_ARRAY) {
                    undecided.add(array(values, mapper, parser, body, kept));
                } else if (token != JsonToken.START_OBJECT) {
                    throw malformed("Expected a JSON object or array at line " + parser.currentLocation().getLineNr());
                } else {
                    Parsed value = value(mapper, parser, body, kept);
                    if (envelopeField != null && value.tree().get(envelopeField) != null) {
                        undecided.add(new Value(values, value, null));
                    } else if (values < maxRecords) {
                        reader.read(values, value.tree(), value.text());
                    }
                }
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        List<Parsed> records;
        if (values == 1 && undecided.size() == 1) {
            records = recordsOf(undecided.get(0), mapper, body, envelopeField);
            if (records.size() > maxRecords) {
                throw tooMany(String.valueOf(records.size()), maxRecords);
            }
            for (int index = 0; index < records.size(); index++) {
                reader.read(index, records.get(index).tree(), records.get(index).text());
            }
            return;
        }
        if (values == 0) {
            throw malformed("The body holds no records");
        }
        if (values > maxRecords) {
            throw tooMany(String.valueOf(values), maxRecords);
        }
        for (Value value : undecided) {
            reader.read(value.index(), value.whole().tree(), value.whole().text());
        }
    }

    /** The records of a body that is this one value: an array's elements or an envelope's. */
    private static List<Parsed> recordsOf(Value single, ObjectMapper mapper, byte[] body, String envelopeField) {
        List<Parsed> records;
        if (single.elements() != null) {
            records = single.elements();
        } else {
            JsonNode envelope = single.whole().tree().get(envelopeField);
            if (!envelope.isArray()) {
                throw malformed("'" + envelopeField + "' must be an array of records");
            }
            records = envelopeRecords(mapper, body, envelopeField, envelope);
        }
        if (records.isEmpty()) {
            throw malformed("The body holds no records");
        }
        return records;
    }

    /** Reads one record of a streamed batch, the parser on the record's first token. */
    @FunctionalInterface
    public interface RecordReader {
        /**
         * @param text the record's text, for an id over its content; usable once the record has been read to its end
         */
        void read(int index, JsonParser parser, RecordText text) throws IOException;
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
            requireUtf8(parser);
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
                int start = (int) parser.currentTokenLocation().getByteOffset();
                reader.read(count - 1, parser, RecordText.readBy(parser, mapper, body, start));
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

    /**
     * A top-level value of the body, the {@code index}-th; {@code elements} are the records of an array, each read on
     * its own.
     */
    private record Value(int index, Parsed whole, List<Parsed> elements) {
    }

    /** An array's records, each read on its own so that it keeps where its text is, and its tree from theirs. */
    private static Value array(int index, ObjectMapper mapper, JsonParser parser, byte[] body, KeptFields kept)
            throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        ArrayNode tree = mapper.createArrayNode();
        List<Parsed> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            Parsed element = value(mapper, parser, body, kept);
            tree.add(element.tree());
            elements.add(element);
        }
        return new Value(index, parsed(tree, mapper, body, start, parser), elements);
    }

    /**
     * The records of the body's envelope, each with its tree from the envelope's and where its text is: the body is
     * read a second time for that, token by token without trees. An object is only known to be an envelope once read,
     * and reading every object field by field instead would cost far more for JSON lines of records.
     */
    private static List<Parsed> envelopeRecords(ObjectMapper mapper, byte[] body, String envelopeField,
            JsonNode envelope) {
        List<Parsed> records = new ArrayList<>(envelope.size());
        try (JsonParser parser = mapper.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_ARRAY && name.equals(envelopeField)) {
                    // a repeated field: the tree kept the last one
                    records.clear();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        records.add(parsed(envelope.get(records.size()), mapper, body, start, parser));
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return records;
        } catch (IOException e) {
            // the same bytes were just parsed without error
            throw new UncheckedIOException(e);
        }
    }

    /** The value the parser is on, read to its end (only its kept fields into its tree), with where its text is. */
    private static Parsed value(ObjectMapper mapper, JsonParser parser, byte[] body, KeptFields kept)
            throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        JsonNode tree = kept.read(parser);
        return parsed(tree, mapper, body, start, parser);
    }

    /** A value read whole, ending where the parser is. */
    private record Parsed(JsonNode tree, RecordText text) {
    }

    private static Parsed parsed(JsonNode tree, ObjectMapper mapper, byte[] body, int start, JsonParser parser) {
        return new Parsed(tree, RecordText.in(body, start, (int) parser.currentLocation().getByteOffset(), mapper));
    }

    /**
     * Refuses a body Jackson decoded as UTF-16 or UTF-32: JSON is exchanged in UTF-8 (RFC 8259, section 8.1), and
     * records are hashed and located by their byte offsets, which a parser reading through a character decoder does
     * not report.
     */
    private static void requireUtf8(JsonParser parser) {
        if (parser.currentTokenLocation().getByteOffset() < 0) {
            throw new ProblemException(415, "unsupported-charset", "Unsupported charset",
                    "The body is not UTF-8; JSON is exchanged in UTF-8 (RFC 8259, section 8.1)");
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

    private static ProblemException malformed(String detail) {
        return new ProblemException(400, "malformed-body", "Malformed body", detail);
    }
}
