package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.events.DeterministicId;

class JsonTest {

    @Test
    void contentIdsAreTheIdsOfTheRecordsTextSoResubmissionsAfterAnUpgradeStillDedupe() {
        List<JsonNode> objects = new ArrayList<>();
        Stream.of(Samples.AZURE, Samples.VAULT, Samples.CLOUDTRAIL).flatMap(file -> Samples.read(file).stream())
                .forEach(record -> collectObjects(record, objects));
        objects.add(Samples.parse("{\"name\":\"caf\\u00e9 \\u2603 \\\"quoted\\\" \\ud83d\\udd11\",\"n\":1.50e3}"));
        assertThat(objects).hasSizeGreaterThan(50);
        for (JsonNode object : objects) {
            assertThat(Json.contentId(object, "sub-a", "azure-keyvault", "req-1")).as(object.toString())
                    .isEqualTo(DeterministicId.of("sub-a", "azure-keyvault", "req-1", object.toString()));
        }
        assertThat(Json.contentId(objects.get(0), "sub-a", "fmt"))
                .isNotEqualTo(Json.contentId(objects.get(0), "sub-b", "fmt"));
    }

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

    private static void collectObjects(JsonNode node, List<JsonNode> into) {
        if (node.isObject()) {
            into.add(node);
        }
        node.forEach(child -> collectObjects(child, into));
    }
}
