package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class JsonTest {

    @Test
    void dottedPathsWalkNestedObjectsAndPreferAFieldNamedByTheWholePath() {
        JsonNode record = Samples.parse("""
                {"identity":{"claim":{"oid":"nested"}},"http://schemas/claims/oid":"whole","a":{"b":"c"}}""");
        assertThat(Json.text(record, "identity.claim.oid")).isEqualTo("nested");
        assertThat(Json.text(record, "http://schemas/claims/oid")).isEqualTo("whole");
        assertThat(Json.text(record, "a.b")).isEqualTo("c");
        assertThat(Json.text(record, "a.b.c")).isNull();
        assertThat(Json.text(record, "a.missing")).isNull();
    }
}
