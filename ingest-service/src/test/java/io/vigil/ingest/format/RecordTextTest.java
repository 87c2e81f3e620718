package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.vigil.events.DeterministicId;

class RecordTextTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aRecordsTextIsItsTreesCompactFormWhateverItsSpacingEscapesAndNumbers() {
        Random random = new Random(11);
        int plain = 0;
        for (int i = 0; i < 20_000; i++) {
            RandomJson json = RandomJson.value(random);
            byte[] text = json.text().getBytes(StandardCharsets.UTF_8);
            // the record sits inside a larger body, as it does in a batch
            byte[] body = new byte[text.length + 4];
            System.arraycopy(text, 0, body, 2, text.length);
            JsonNode tree = read(MAPPER, text);

            assertThat(compact(RecordText.in(body, 2, 2 + text.length, MAPPER)))
                    .as("text %s", json.text()).isEqualTo(tree.toString());
            if (json.plain()) {
                plain++;
                assertThat(RecordText.compactForm(body, 2, 2 + text.length, new byte[text.length]))
                        .as("ASCII, Jackson's escapes and integers are hashed as sent: %s", json.text())
                        .isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(plain).as("the generator makes plain records too").isGreaterThan(2_000);
    }

    @Test
    void eightBytesAtATimeFindEveryByteThatEndsOrEscapesAString() {
        for (int position = 0; position < Long.BYTES; position++) {
            for (int value = 0; value < 256; value++) {
                long word = 0x6161616161616161L & ~(0xFFL << (8 * position)) | ((long) value << (8 * position));
                boolean special = value < 0x20 || value >= 0x80 || value == '"' || value == '\\';
                assertThat(RecordText.hasSpecialByte(word)).as("byte %02x at %d", value, position)
                        .isEqualTo(special);
            }
        }
    }

    @Test
    void whatJacksonWritesDifferentlyIsHashedFromTheTree() {
        for (String json : List.of("{\"a\":\"\\/\"}", "{\"a\":\"\\u0041\"}", "{\"a\":\"é\"}", "{\"a\":1.50}",
                "{\"a\":1e2}", "{\"a\":1E2}", "{\"a\":-0}", "[-0.5]")) {
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            JsonNode tree = read(MAPPER, text);
            assertThat(RecordText.compactForm(text, 0, text.length, new byte[text.length])).as(json).isEqualTo(-1);
            assertThat(compact(RecordText.in(text, 0, text.length, MAPPER))).as(json).isEqualTo(tree.toString());
        }
    }

    @Test
    void whatALenientParserReadsIsHashedFromTheTree() {
        ObjectMapper tokens = JsonMapper.builder().enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
                JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        for (String json : List.of("{\"a\":007}", "{'a':'b'}", "{\"a\":NaN}")) {
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            assertThat(RecordText.compactForm(text, 0, text.length, new byte[text.length])).as(json).isEqualTo(-1);
            assertThat(compact(RecordText.in(text, 0, text.length, tokens))).as(json)
                    .isEqualTo(read(tokens, text).toString());
        }
        // these pass the token check: such a parser's records are always serialised from their trees
        ObjectMapper structure = JsonMapper.builder().enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_MISSING_VALUES).build();
        for (String json : List.of("{test:1}", "{true:1}", "{123:1}", "{\"a\":[1,2,]}", "[1,,2]")) {
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            assertThat(compact(RecordText.in(text, 0, text.length, structure))).as(json)
                    .isEqualTo(read(structure, text).toString());
        }
    }

    @Test
    void theSamplesKeepTheIdsTheyHadSoResubmissionsAfterAnUpgradeStillDedupe() {
        int lines = 0;
        int hashedAsSent = 0;
        for (String file : List.of(Samples.AZURE, Samples.VAULT, Samples.CLOUDTRAIL)) {
            for (String line : Samples.lines(file)) {
                byte[] text = line.getBytes(StandardCharsets.UTF_8);
                JsonNode tree = read(MAPPER, text);
                assertThat(RecordText.in(text, 0, text.length, MAPPER).contentId("sub-a", "fmt", "req-1")).as(line)
                        .isEqualTo(DeterministicId.of("sub-a", "fmt", "req-1", tree.toString()));
                lines++;
                hashedAsSent += RecordText.compactForm(text, 0, text.length, new byte[text.length]) >= 0 ? 1 : 0;
            }
        }
        assertThat(hashedAsSent).as("the vendors' records are ASCII with integers: their bytes are hashed as sent")
                .isEqualTo(lines).isGreaterThan(10);
    }

    @Test
    void theIdIsTheOneOfTheTreesText() {
        byte[] text = " {\"b\": [1, true, null, \"x\\n\\\"y\"], \"a\": {}}\n".getBytes(StandardCharsets.UTF_8);
        JsonNode tree = read(MAPPER, text);
        assertThat(RecordText.in(text, 1, text.length - 1, MAPPER).contentId("sub-a", "fmt"))
                .isEqualTo(DeterministicId.of("sub-a", "fmt", tree.toString()))
                .isEqualTo(RecordText.of(tree).contentId("sub-a", "fmt"))
                .isNotEqualTo(RecordText.of(tree).contentId("sub-b", "fmt"));
    }

    @Test
    void aRepeatedFieldIsHashedAsSentAndAlwaysAlike() {
        byte[] text = "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
        JsonNode tree = read(MAPPER, text);
        assertThat(RecordText.in(text, 0, text.length, MAPPER).contentId("s"))
                .isEqualTo(DeterministicId.of("s", "{\"a\":1,\"a\":2}"))
                .isNotEqualTo(RecordText.of(tree).contentId("s"));
    }

    @Test
    void everyBodyShapeKeepsWhereEachRecordIs() {
        String first = "{\"time\": \"2024-01-01T00:00:00Z\", \"n\": [1, 2]}";
        String second = "{\"time\":\"2024-01-02T00:00:00Z\",\"s\":\"a\\tb\"}";
        LogFormat enveloped = new AzureKeyVaultFormat();
        LogFormat bare = new HashiCorpVaultFormat();
        for (var body : List.of(
                new Object[] {"{ \"records\" : [ " + first + " ,\n" + second + " ] }", enveloped},
                new Object[] {"[" + first + "," + second + "]", bare},
                new Object[] {first + "\n" + second + "\n", bare},
                new Object[] {"{\"other\": 1, \"records\": [" + first + ", " + second + "], \"x\": [3]}", enveloped})) {
            List<IndexedRecord> records = Batch.records(MAPPER, ((String) body[0]).getBytes(StandardCharsets.UTF_8),
                    (LogFormat) body[1], 10);
            assertThat(records).extracting(IndexedRecord::index).as((String) body[0]).containsExactly(0, 1);
            assertThat(records).extracting(r -> compact(r.text())).as((String) body[0])
                    .containsExactly(read(MAPPER, first.getBytes(StandardCharsets.UTF_8)).toString(),
                            read(MAPPER, second.getBytes(StandardCharsets.UTF_8)).toString());
            assertThat(records).extracting(r -> r.record().get("time").asText()).as((String) body[0])
                    .containsExactly("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z");
        }
    }

    private static String compact(RecordText text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            text.writeCompact(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode read(ObjectMapper mapper, byte[] text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
