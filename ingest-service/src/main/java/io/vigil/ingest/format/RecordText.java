package io.vigil.ingest.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.vigil.events.DeterministicId;

/**
 * A record's JSON text, over which an event id derived from content is computed: the record's compact form, i.e. its
 * tree's {@code toString()} as UTF-8. That form does not depend on how the shipper spaced the record, and ids derived
 * from it are the ones Vigil always gave.
 *
 * <p>Serialising the tree again for every record was the largest part of mapping an Azure or Vault record, and the
 * bytes the record was read from almost always are that form already, or are it once whitespace between tokens is
 * dropped: only ASCII text, escapes written as Jackson writes them, integers. Those bytes are hashed as they are; any
 * other record (non-ASCII text, {@code \}{@code u} or {@code \/} escapes, fractions, {@code -0}) is serialised from
 * its tree, as before. A record repeating a field name is the one record that hashes differently from its tree (the
 * tree keeps only the last value); its id is still the same on every resubmission.
 */
public final class RecordText {

    /**
     * JsonNode.toString()'s output as UTF-8, written to a stream; characters beyond the BMP as one 4-byte sequence,
     * as String.getBytes writes them, rather than as two 3-byte halves.
     */
    private static final ObjectWriter COMPACT = new ObjectMapper().writer()
            .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    private static final int NOT_COMPACT = -1;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final byte[] body;
    private final int from;
    private final IntSupplier to;
    private final Supplier<JsonNode> tree;

    private RecordText(byte[] body, int from, IntSupplier to, Supplier<JsonNode> tree) {
        this.body = body;
        this.from = from;
        this.to = to;
        this.tree = tree;
    }

    /** A record that was not read from a body: its text is its tree's. */
    public static RecordText of(JsonNode tree) {
        return new RecordText(null, 0, () -> 0, () -> tree);
    }

    /** The record at {@code body[from, to)}, read into {@code tree}. */
    public static RecordText in(byte[] body, int from, int to, JsonNode tree) {
        return new RecordText(body, from, () -> to, () -> tree);
    }

    /**
     * The record starting at {@code body[from]} that {@code parser} reads without a tree: it ends where the parser is
     * when the text is used, and its tree is built only if those bytes cannot be hashed as they are.
     */
    public static RecordText readBy(JsonParser parser, ObjectMapper mapper, byte[] body, int from) {
        IntSupplier to = () -> (int) parser.currentLocation().getByteOffset();
        return new RecordText(body, from, to, () -> {
            try {
                return mapper.readTree(body, from, to.getAsInt() - from);
            } catch (IOException e) {
                // the same bytes were just parsed without error
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code DeterministicId.of(parts..., record.toString())}, streamed into the digest. */
    public String contentId(String... parts) {
        return DeterministicId.of(this::writeCompact, parts);
    }

    /** Writes the record's compact form. */
    void writeCompact(OutputStream out) throws IOException {
        int end = to.getAsInt();
        int whitespace = body == null ? NOT_COMPACT : whitespaceOfCompactForm(body, from, end);
        if (whitespace == 0) {
            out.write(body, from, end - from);
        } else if (whitespace > 0) {
            writeWithoutWhitespace(out, end);
        } else {
            COMPACT.writeValue(out, tree.get());
        }
    }

    private void writeWithoutWhitespace(OutputStream out, int to) throws IOException {
        int run = from;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = body[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (isWhitespace(c)) {
                out.write(body, run, i - run);
                run = i + 1;
            }
        }
        out.write(body, run, to - run);
    }

    /**
     * How many whitespace bytes between tokens {@code bytes[from, to)} holds, if dropping them leaves exactly what
     * Jackson writes for the tree read from those bytes; {@value #NOT_COMPACT} when it might not. The bytes were parsed
     * as one JSON value already, so only what Jackson would write differently is checked, not the grammar.
     */
    static int whitespaceOfCompactForm(byte[] bytes, int from, int to) {
        int whitespace = 0;
        int i = from;
        while (i < to) {
            byte c = bytes[i++];
            switch (c) {
                case '"' -> {
                    i = endOfPlainString(bytes, i, to);
                    if (i < 0) {
                        return NOT_COMPACT;
                    }
                }
                case ' ', '\t', '\n', '\r' -> whitespace++;
                case '{', '}', '[', ']', ':', ',' -> {
                }
                case 't', 'f', 'n' -> {
                    // checked whole: a parser allowing unquoted field names would read {test:1} too
                    i = endOfLiteral(bytes, i - 1, to);
                    if (i < 0) {
                        return NOT_COMPACT;
                    }
                }
                case '-' -> {
                    // -0 is read as the integer 0 and written as 0
                    if (i >= to || bytes[i] == '0') {
                        return NOT_COMPACT;
                    }
                }
                default -> {
                    // a leading zero, where a parser allows it, is not written back
                    if (c < '0' || c > '9' || (c == '0' && i < to && bytes[i] >= '0' && bytes[i] <= '9')) {
                        return NOT_COMPACT;
                    }
                    while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
                        i++;
                    }
                    // a fraction or exponent is read as a double and written in Java's form (1.50 → 1.5, 1e2 → 100.0)
                    if (i < to && (bytes[i] == '.' || bytes[i] == 'e' || bytes[i] == 'E')) {
                        return NOT_COMPACT;
                    }
                }
            }
        }
        return whitespace;
    }

    /**
     * The index after the string's closing quote, or -1 when Jackson would write the string differently: non-ASCII
     * bytes (which could be an overlong or otherwise unusual encoding), control bytes, and the escapes it writes
     * otherwise ({@code \/} as {@code /}, {@code \}{@code u0041} as {@code A}).
     */
    private static int endOfPlainString(byte[] bytes, int i, int to) {
        while (i < to) {
            byte c = bytes[i++];
            if (c == '"') {
                return i;
            }
            if (c < 0x20) {
                // negative too: a byte of a multi-byte UTF-8 sequence
                return -1;
            }
            if (c == '\\') {
                if (i >= to) {
                    return -1;
                }
                switch (bytes[i++]) {
                    case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /** The index after the literal starting at {@code i}, or -1 when it is not {@code true}, {@code false} or null. */
    private static int endOfLiteral(byte[] bytes, int i, int to) {
        byte[] literal = bytes[i] == 't' ? TRUE : bytes[i] == 'f' ? FALSE : NULL;
        int end = i + literal.length;
        return end <= to && Arrays.equals(bytes, i, end, literal, 0, literal.length) ? end : -1;
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
