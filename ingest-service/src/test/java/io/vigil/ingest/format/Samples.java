package io.vigil.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.events.AccessEvent;

/** The published sample logs under {@code samples/}, one record per line, kept as found. */
final class Samples {

    static final String AZURE = "azure-keyvault-auditevent.jsonl";
    static final String VAULT = "hashicorp-vault-audit.jsonl";
    static final String CLOUDTRAIL = "aws-cloudtrail-secretsmanager-kms.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Samples() {
    }

    static List<JsonNode> read(String file) {
        return lines(file).stream().map(Samples::parse).toList();
    }

    /** The file's records as the vendor wrote them. */
    static List<String> lines(String file) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record mapped as ingest maps it: read from a body (only the fields its format keeps in its tree, its id over
     * its text), so golden tests check what ingest publishes.
     */
    static AccessEvent fromBody(LogFormat format, String record, String subscriptionId, Instant receivedAt) {
        IndexedRecord read = Batch.records(MAPPER, record.getBytes(StandardCharsets.UTF_8), format, 1).get(0);
        return format.parse(read.record(), read.text(), subscriptionId, receivedAt);
    }

    /** A fresh, mutable copy of one sample line (0-based). */
    static ObjectNode line(String file, int index) {
        return (ObjectNode) read(file).get(index).deepCopy();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
