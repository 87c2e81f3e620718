package io.vigil.ingest.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.common.rest.ProblemException;

/**
 * Splits a request body into records. Shippers send three shapes: an envelope object ({@code {"records":[...]}}), a
 * JSON array, or JSON lines (one object per line, as audit devices write them, or one envelope per line). Formats
 * without an envelope accept only the last two; a single object is then one record.
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
        return records;
    }

    /** Takes one record of a batch: its tree, with only its format's kept fields, and its text. */
    @FunctionalInterface
    public interface TreeReader {
        void read(int index, JsonNode record, RecordText text);
    }

    /**
     * Hands each of the body's records to {@code reader} as soon as it is read, in the order sent, so that it is
     * mapped while its tree and its bytes are still in the processor's caches (mapping 500 records after reading them
     * all found them evicted). A body that starts with an array is that one array of records. Otherwise every
     * top-level object is a record, or an envelope when its envelope field is there, whose array holds records (JSON
     * lines of envelopes too), and a top-level array is a record, for the format to refuse. A body that is not JSON,
     * or holds more records than allowed, fails (400, 413) after records before its fault may have been handed over:
     * nothing may be published before this returns.
     */
    public static void forEach(ObjectMapper mapper, byte[] body, LogFormat format, int maxRecords,
            TreeReader reader) {
        Records records = new Records(mapper, body, format, maxRecords, reader);
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token != null) {
                requireUtf8(parser);
            }
            if (token == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    records.record(parser);
                }
                if (parser.nextToken() != null) {
                    throw malformed("Nothing may follow the JSON array of records");
                }
            } else {
                for (; token != null; token = parser.nextToken()) {
                    if (token == JsonToken.START_OBJECT) {
                        records.objectOrEnvelope(parser);
                    } else if (token == JsonToken.START_ARRAY) {
                        records.record(parser);
                    } else {
                        throw malformed("Expected a JSON object or array at line "
                                + parser.currentLocation().getLineNr());
                    }
                }
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        if (records.count == 0) {
            throw malformed("The body holds no records");
        }
        if (records.count > maxRecords) {
            throw tooMany(String.valueOf(records.count), maxRecords);
        }
    }

    /** Numbers the records of a body and hands them over; past the limit, only counts them. */
    private static final class Records {
        private final ObjectMapper mapper;
        private final byte[] body;
        private final KeptFields kept;
        private final String envelopeField;
        private final int maxRecords;
        private final TreeReader reader;
        int count;

        Records(ObjectMapper mapper, byte[] body, LogFormat format, int maxRecords, TreeReader reader) {
            this.mapper = mapper;
            this.body = body;
            this.kept = format.keptFields();
            this.envelopeField = format.envelopeField();
            this.maxRecords = maxRecords;
            this.reader = reader;
        }

        /** The value the parser is on, whatever it is, as one record. */
        void record(JsonParser parser) throws IOException {
            int start = start(parser);
            if (count++ >= maxRecords) {
                parser.skipChildren();
                return;
            }
            JsonNode tree = kept.read(parser);
            reader.read(count - 1, tree, text(start, parser));
        }

        /**
         * The object the parser is on: a record, or an envelope whose records are handed over as they are read (its
         * other fields are ignored). Only once the object has been read is it known which.
         */
        void objectOrEnvelope(JsonParser parser) throws IOException {
            int start = start(parser);
            boolean[] envelope = {false};
            JsonNode tree = kept.object(parser, envelopeField, array -> {
                if (array.currentToken() != JsonToken.START_ARRAY) {
                    throw malformed("'" + envelopeField + "' must be an array of records");
                }
                envelope[0] = true;
                while (array.nextToken() != JsonToken.END_ARRAY) {
                    record(array);
                }
            });
            if (!envelope[0] && count++ < maxRecords) {
                reader.read(count - 1, tree, text(start, parser));
            }
        }

        private static int start(JsonParser parser) {
            return (int) parser.currentTokenLocation().getByteOffset();
        }

        /** The text of the value that started at {@code start} and that the parser has just read to its end. */
        private RecordText text(int start, JsonParser parser) {
            return RecordText.in(body, start, (int) parser.currentLocation().getByteOffset(), mapper);
        }
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
