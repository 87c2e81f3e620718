package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class JsonTest {

    @Test
    void dottedPathsWalkNestedObjectsAndNamesWithDotsAreReadWhole() {
        JsonNode record = Samples.parse("""
                {"identity":{"claim":{"oid":"nested"}},"http://schemas.example.com/oid":"whole","a":{"b":"c"},
                 "a.b":"literal"}""");
        assertThat(Json.text(record, "identity.claim.oid")).isEqualTo("nested");
        assertThat(Json.fieldText(record, "http://schemas.example.com/oid")).isEqualTo("whole");
        assertThat(Json.text(record, "http://schemas.example.com/oid")).as("a path, not a name").isNull();
        assertThat(Json.text(record, "a.b")).isEqualTo("c");
        assertThat(Json.fieldText(record, "a.b")).isEqualTo("literal");
        assertThat(Json.text(record, "a.b.c")).isNull();
        assertThat(Json.text(record, "a.missing")).isNull();
    }
}
