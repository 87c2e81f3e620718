package io.vigil.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * Reads {@code 2026-09-01T08:15:42.123Z}, the form every Vigil service writes instants in (and most vendors' audit
 * logs use), without going through {@code DateTimeFormatter}: parsing the event time was a sixth of reading an access
 * event. Anything else (offsets, numbers, leap seconds) goes to Jackson's own deserializer. {@link #format} writes
 * the same form, as {@code Instant.toString()} does, for the same reason.
 */
public final class UtcInstants extends StdScalarDeserializer<Instant> {

    private static final int SHORTEST = "2026-09-01T08:15:42Z".length();
    private static final byte[] DIGIT_PAIRS = digitPairs();
    /** The longest text {@link #write} writes: nanoseconds. */
    public static final int LONGEST = SHORTEST + 10;
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    public UtcInstants() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            Instant instant = parse(parser.getText());
            if (instant != null) {
                return instant;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }

    /** The instant, or null when the text is not {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with valid fields. */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST) {
            int fraction = length - SHORTEST - 1;
            if (text.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            nanos = digits(text, 20, 20 + fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * {@code instant.toString()}, for years 0 to 9999 without {@code DateTimeFormatter}: seconds always, the fraction
     * in groups of three digits as far as needed, {@code Z}.
     */
    public static String format(Instant instant) {
        byte[] text = new byte[LONGEST];
        int end = write(instant, text, 0);
        return end < 0 ? instant.toString() : new String(text, 0, end, StandardCharsets.US_ASCII);
    }

    /**
     * Writes what {@link #format} returns as ASCII at {@code at}, which has room for {@link #LONGEST} bytes.
     *
     * @return where the text ends, or -1 for a year outside 0 to 9999 (nothing written)
     */
    public static int write(Instant instant, byte[] into, int at) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return -1;
        }
        long day = Math.floorDiv(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        int secondOfDay = (int) (seconds - day * 86_400);
        int nanos = instant.getNano();
        put(into, at, 4, date.getYear());
        into[at + 4] = '-';
        put(into, at + 5, 2, date.getMonthValue());
        into[at + 7] = '-';
        put(into, at + 8, 2, date.getDayOfMonth());
        into[at + 10] = 'T';
        put(into, at + 11, 2, secondOfDay / 3600);
        into[at + 13] = ':';
        put(into, at + 14, 2, secondOfDay / 60 % 60);
        into[at + 16] = ':';
        put(into, at + 17, 2, secondOfDay % 60);
        int end = at + SHORTEST - 1;
        if (nanos != 0) {
            into[end++] = '.';
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
            put(into, end, digits, digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1000 : nanos);
            end += digits;
        }
        into[end++] = 'Z';
        return end;
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code at}; two at a time from a table. */
    private static void put(byte[] text, int at, int width, int value) {
        int i = at + width;
        while (i - at >= 2) {
            int pair = value % 100 * 2;
            value /= 100;
            text[--i] = DIGIT_PAIRS[pair + 1];
            text[--i] = DIGIT_PAIRS[pair];
        }
        if (i > at) {
            text[--i] = (byte) ('0' + value % 10);
        }
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int i = 0; i < 100; i++) {
            pairs[2 * i] = (byte) ('0' + i / 10);
            pairs[2 * i + 1] = (byte) ('0' + i % 10);
        }
        return pairs;
    }

    /** The decimal number in {@code [from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
