package io.vigil.ingest.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationConfig;
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
 * dropped: only ASCII text, escapes written as Jackson writes them, integers. Those bytes are hashed (whitespace
 * dropped); any other record (non-ASCII text, {@code \}{@code u} or {@code \/} escapes, fractions, {@code -0}) is
 * serialised from its tree, as before, and so is every record a parser read that tolerates trailing commas, missing
 * values or unquoted field names. A record repeating a field name is the one record that hashes differently from its
 * tree (the tree keeps only the last value); its id is still the same on every resubmission.
 */
public final class RecordText {

    /**
     * JsonNode.toString()'s output as UTF-8, written to a stream; characters beyond the BMP as one 4-byte sequence,
     * as String.getBytes writes them, rather than as two 3-byte halves.
     */
    private static final ObjectWriter COMPACT = new ObjectMapper().writer()
            .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** Null when the record's bytes are not to be hashed as they are. */
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

    /**
     * The record at {@code body[from, to)}; its whole tree is read again from those bytes only if they cannot be
     * hashed as they are (the tree a format maps may hold only the fields it reads).
     */
    public static RecordText in(byte[] body, int from, int to, ObjectMapper mapper) {
        return new RecordText(structureChecked(mapper) ? body : null, from, () -> to,
                () -> tree(mapper, body, from, to));
    }

    /**
     * The record starting at {@code body[from]} that {@code parser} reads without a tree: it ends where the parser is
     * when the text is used.
     */
    public static RecordText readBy(JsonParser parser, ObjectMapper mapper, byte[] body, int from) {
        IntSupplier to = () -> (int) parser.currentLocation().getByteOffset();
        return new RecordText(structureChecked(mapper) ? body : null, from, to,
                () -> tree(mapper, body, from, to.getAsInt()));
    }

    /**
     * Whether the mapper's parsers refuse what {@link #compactForm} does not look for: a trailing comma, a missing
     * value ({@code [1,,2]}) and unquoted field names are read into trees Jackson writes otherwise.
     */
    private static boolean structureChecked(ObjectMapper mapper) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        JsonFactory factory = mapper.getFactory();
        return !config.isEnabled(JsonParser.Feature.ALLOW_TRAILING_COMMA, factory)
                && !config.isEnabled(JsonParser.Feature.ALLOW_MISSING_VALUES, factory)
                && !config.isEnabled(JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES, factory);
    }

    private static JsonNode tree(ObjectMapper mapper, byte[] body, int from, int to) {
        try {
            return mapper.readTree(body, from, to - from);
        } catch (IOException e) {
            // the same bytes were parsed without error before
            throw new UncheckedIOException(e);
        }
    }

    /** {@code DeterministicId.of(parts..., record.toString())}, streamed into the digest. */
    public String contentId(String... parts) {
        return DeterministicId.of(this::writeCompact, parts);
    }

    /** Writes the record's compact form. */
    void writeCompact(OutputStream out) throws IOException {
        if (body != null) {
            int end = to.getAsInt();
            byte[] compact = new byte[end - from];
            int length = compactForm(body, from, end, compact);
            if (length >= 0) {
                out.write(compact, 0, length);
                return;
            }
        }
        COMPACT.writeValue(out, tree.get());
    }

    /**
     * Copies {@code bytes[from, to)} into {@code into} without the whitespace between tokens and returns the length
     * copied, if that leaves exactly what Jackson writes for the tree read from those bytes; -1 when it might not. The
     * bytes were parsed as one JSON value already by a parser that checks the structure (see
     * {@link #structureChecked}), so only the tokens Jackson would write differently are looked for, not the grammar.
     */
    static int compactForm(byte[] bytes, int from, int to, byte[] into) {
        int length = 0;
        // copied a run at a time, between whitespace: a copy per token cost more than the checks
        int run = from;
        int i = from;
        while (i < to) {
            int end;
            switch (bytes[i]) {
                case ' ', '\t', '\n', '\r' -> {
                    System.arraycopy(bytes, run, into, length, i - run);
                    length += i - run;
                    run = ++i;
                    continue;
                }
                case '{', '}', '[', ']', ':', ',' -> end = i + 1;
                case '"' -> end = endOfPlainString(bytes, i + 1, to);
                // checked whole: a parser allowing unquoted field names would read {test:1} too
                case 't', 'f', 'n' -> end = endOfLiteral(bytes, i, to);
                default -> end = endOfInteger(bytes, i, to);
            }
            if (end < 0) {
                return -1;
            }
            i = end;
        }
        System.arraycopy(bytes, run, into, length, to - run);
        return length + to - run;
    }

    /**
     * The index after the integer starting at {@code i}, or -1 when it is not one Jackson writes back as it is: a
     * fraction or exponent is read as a double and written as Java does (1.50 → 1.5, 1e2 → 100.0), -0 is written as
     * 0, and a leading zero, where a parser allows it, is dropped.
     */
    private static int endOfInteger(byte[] bytes, int i, int to) {
        int digits = bytes[i] == '-' ? i + 1 : i;
        if (digits >= to || !isDigit(bytes[digits]) || (bytes[digits] == '0' && (digits > i
                || (digits + 1 < to && isDigit(bytes[digits + 1]))))) {
            return -1;
        }
        int end = digits + 1;
        while (end < to && isDigit(bytes[end])) {
            end++;
        }
        return end < to && (bytes[end] == '.' || bytes[end] == 'e' || bytes[end] == 'E') ? -1 : end;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The index after the string's closing quote, or -1 when Jackson would write the string differently: non-ASCII
     * bytes (which could be an overlong or otherwise unusual encoding), control bytes, and the escapes it writes
     * otherwise ({@code \/} as {@code /}, {@code \}{@code u0041} as {@code A}).
     */
    private static int endOfPlainString(byte[] bytes, int i, int to) {
        while (i < to) {
            // eight bytes at a time while none of them ends the string or needs a look: strings are most of a record
            if (i + Long.BYTES <= to && !hasSpecialByte((long) LONGS.get(bytes, i))) {
                i += Long.BYTES;
                continue;
            }
            // byte by byte through a word that has one (or through the last few bytes)
            for (int stop = Math.min(i + Long.BYTES, to); i < stop;) {
                byte c = bytes[i++];
                if (c == '"') {
                    return i;
                }
                if (c < 0x20) {
                    // negative too: a byte of a multi-byte UTF-8 sequence
                    return -1;
                }
                if (c == '\\' && (i >= to || !isShortEscape(bytes[i++]))) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The escapes Jackson writes as they are read: {@code \/} becomes {@code /}, {@code \}{@code u0041} {@code A}. */
    private static boolean isShortEscape(byte c) {
        return c == '"' || c == '\\' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't';
    }

    /** Whether one of the eight bytes is a quote, a backslash, a control byte or a non-ASCII one. */
    static boolean hasSpecialByte(long word) {
        // with the high bits cleared no sum below carries into the next byte: each byte's high bit says exactly
        // whether it is at least a space, and whether it differs from a quote and from a backslash
        long low = word & 0x7F7F7F7F7F7F7F7FL;
        long plain = (low + 0x6060606060606060L) & ((low ^ 0x2222222222222222L) + 0x7F7F7F7F7F7F7F7FL)
                & ((low ^ 0x5C5C5C5C5C5C5C5CL) + 0x7F7F7F7F7F7F7F7FL) & ~word;
        return (plain & 0x8080808080808080L) != 0x8080808080808080L;
    }

    /** The index after the literal starting at {@code i}, or -1 when it is not {@code true}, {@code false} or null. */
    private static int endOfLiteral(byte[] bytes, int i, int to) {
        byte[] literal = bytes[i] == 't' ? TRUE : bytes[i] == 'f' ? FALSE : NULL;
        int end = i + literal.length;
        return end <= to && Arrays.equals(bytes, i, end, literal, 0, literal.length) ? end : -1;
    }
}
