package io.vigil.ingest.format;

import java.util.List;
import java.util.Random;

/** A random JSON value, spaced and escaped at random; plain while it holds nothing Jackson writes otherwise. */
final class RandomJson {

    private final StringBuilder out = new StringBuilder();
    private final Random random;
    private boolean plain = true;
    private int field;

    private RandomJson(Random random) {
        this.random = random;
    }

    /** A random value: an object or an array at the top, as records and batches are. */
    static RandomJson value(Random random) {
        RandomJson json = new RandomJson(random);
        json.value(0);
        return json;
    }

    String text() {
        return out.toString();
    }

    /** Whether the text holds nothing Jackson would write otherwise: non-ASCII, {@code \/} or u-escapes, fractions. */
    boolean plain() {
        return plain;
    }

    private void value(int depth) {
        switch (random.nextInt(depth == 0 ? 2 : depth > 3 ? 4 : 6)) {
            case 0 -> object(depth);
            case 1 -> array(depth);
            case 2 -> string();
            case 3 -> number();
            case 4 -> out.append(List.of("true", "false", "null").get(random.nextInt(3)));
            default -> object(depth);
        }
    }

    private void object(int depth) {
        out.append('{');
        int fields = random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            separator(i);
            // distinct names: a repeated one is the documented exception
            out.append("\"f").append(field++);
            chars();
            space();
            out.append(':');
            space();
            value(depth + 1);
            space();
        }
        out.append('}');
    }

    /** Spacing before the i-th member of an object or array, and the comma after the one before it. */
    private void separator(int i) {
        space();
        if (i > 0) {
            out.append(',');
            space();
        }
    }

    private void array(int depth) {
        out.append('[');
        int elements = random.nextInt(4);
        for (int i = 0; i < elements; i++) {
            separator(i);
            value(depth + 1);
        }
        space();
        out.append(']');
    }

    private void string() {
        out.append('"');
        chars();
    }

    /** A string's characters and its closing quote. */
    private void chars() {
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(12)) {
                case 0 -> out.append("\\\"");
                case 1 -> out.append("\\\\");
                case 2 -> out.append(List.of("\\n", "\\t", "\\r", "\\b", "\\f").get(random.nextInt(5)));
                case 3 -> {
                    out.append(List.of("\\/", "\\u0041", "\\u0001", "é", "😀", "\u007f").get(random.nextInt(6)));
                    plain &= out.charAt(out.length() - 1) == '\u007f';
                }
                case 4 -> out.append(' ');
                default -> out.append((char) ('a' + random.nextInt(26)));
            }
        }
        out.append('"');
    }

    private void number() {
        switch (random.nextInt(6)) {
            case 0 -> out.append(random.nextInt(1000));
            case 1 -> out.append(-1 - random.nextInt(1000));
            case 2 -> out.append(random.nextLong());
            case 3 -> out.append("123456789012345678901234567890");
            case 4 -> {
                out.append(List.of("-0", "1.5", "1.50", "2e3", "-4E-2", "0.0").get(random.nextInt(6)));
                plain = false;
            }
            default -> out.append('0');
        }
    }

    private void space() {
        out.append(List.of("", "", " ", "\n", "\t", "\r\n  ").get(random.nextInt(6)));
    }
}
