package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class KeptFieldsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void keepingEverythingReadsTheTreeJacksonReads() {
        Random random = new Random(23);
        for (int i = 0; i < 20_000; i++) {
            String json = RandomJson.value(random).text();
            assertThat(read(KeptFields.ALL, json)).as(json).isEqualTo(tree(json));
        }
    }

    @Test
    void onlyKeptPathsAreReadAndAPathKeepsEverythingBelowIt() {
        String record = """
                {"a":{"b":{"deep":[1,{"x":2}]},"x":"dropped"},"c":[{"d":1,"e":2},{"d":3}],"f":"dropped",
                 "a.b":"dropped","g":{"h":{"i":1}}}""";
        assertThat(read(KeptFields.of("a.b", "c.d", "g"), record)).isEqualTo(tree("""
                {"a":{"b":{"deep":[1,{"x":2}]}},"c":[{"d":1},{"d":3}],"g":{"h":{"i":1}}}"""));
        assertThat(read(KeptFields.of("a", "a.b"), record)).isEqualTo(read(KeptFields.of("a.b", "a"), record))
                .isEqualTo(tree("""
                        {"a":{"b":{"deep":[1,{"x":2}]},"x":"dropped"}}"""));
        assertThat(read(KeptFields.of("missing"), record)).isEqualTo(tree("{}"));
    }

    @Test
    void aDivertedFieldIsHandedOverInsteadOfKept() throws Exception {
        List<String> diverted = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser("{\"records\":[{\"a\":1}],\"a\":4,\"b\":5}")) {
            parser.nextToken();
            JsonNode tree = KeptFields.of("a", "records").object(parser, "records",
                    array -> diverted.add(MAPPER.readTree(array).toString()));
            assertThat(tree).isEqualTo(tree("{\"a\":4}"));
            assertThat(diverted).containsExactly("[{\"a\":1}]");
            assertThat(parser.nextToken()).as("read to its end").isNull();
        }
    }

    @Test
    void aRepeatedFieldKeepsItsLastValueInItsFirstPlaceAsJacksonDoes() {
        String record = "{\"a\":1,\"b\":2,\"a\":{\"c\":3}}";
        assertThat(read(KeptFields.ALL, record).toString()).isEqualTo(tree(record).toString())
                .isEqualTo("{\"a\":{\"c\":3},\"b\":2}");
    }

    private static JsonNode read(KeptFields kept, String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            parser.nextToken();
            JsonNode tree = kept.read(parser);
            assertThat(parser.nextToken()).as("read to the value's end").isNull();
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
