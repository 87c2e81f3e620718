package io.vigil.ingest.format;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The part of a record its format reads, so that reading a batch builds only that part of each record's tree; the
 * rest is skipped token by token, its text never decoded. Most of a Vault entry (HMAC'd request and response data,
 * token policies) and of a CloudTrail record is never read, and building whole trees was a quarter of ingesting
 * Vault entries.
 *
 * <p>A format that reads a field must keep it: FormatFuzzTest maps every sample and fuzzed record both from its kept
 * part and from its whole tree and requires the same event.
 */
public final class KeptFields {

    /** Everything: for formats that read records whole, and below a kept path. */
    public static final KeptFields ALL = new KeptFields(null);

    /** The kept fields by name; null when everything is kept. */
    private final Map<String, KeptFields> fields;

    private KeptFields(Map<String, KeptFields> fields) {
        this.fields = fields;
    }

    /** Dotted paths from the record's root; a path keeps everything below it. */
    public static KeptFields of(String... paths) {
        KeptFields root = new KeptFields(new HashMap<>());
        for (String path : paths) {
            String[] parts = path.split("\\.");
            KeptFields node = root;
            for (int i = 0; i < parts.length - 1 && node.fields != null; i++) {
                node = node.fields.computeIfAbsent(parts[i], name -> new KeptFields(new HashMap<>()));
            }
            if (node.fields != null) {
                node.fields.put(parts[parts.length - 1], ALL);
            }
        }
        return root;
    }

    /**
     * The tree of the value the parser is on, reading it to its last token, with only the kept fields of objects;
     * nodes as Jackson's tree reader makes them.
     */
    JsonNode read(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                yield array;
            }
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> IntNode.valueOf(parser.getIntValue());
                case LONG -> LongNode.valueOf(parser.getLongValue());
                default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(parser.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            // JSON text has no other value tokens
            default -> throw new IllegalStateException("Unexpected token " + parser.currentToken());
        };
    }

    private ObjectNode object(JsonParser parser) throws IOException {
        return object(parser, null, null);
    }

    /** Reads the value of a field that is not kept in the object's tree but handed elsewhere. */
    @FunctionalInterface
    interface Diverted {
        void read(JsonParser parser) throws IOException;
    }

    /**
     * The tree of the object the parser is on, reading it to its last token, with only the kept fields; the value of
     * a field named {@code divertedField} (the parser on its first token) goes to {@code diverted} instead.
     */
    ObjectNode object(JsonParser parser, String divertedField, Diverted diverted) throws IOException {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (String name; (name = parser.nextFieldName()) != null;) {
            parser.nextToken();
            KeptFields kept = fields == null ? this : fields.get(name);
            if (name.equals(divertedField)) {
                diverted.read(parser);
            } else if (kept == null) {
                parser.skipChildren();
            } else {
                // set() as Jackson's tree reader does: a repeated field keeps its last value, in its first place
                object.set(name, kept.read(parser));
            }
        }
        return object;
    }
}
