package io.vigil.ingest.format;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.events.AccessEvent;

/**
 * One vendor's audit-log format: how a batch body holds its records and how one record maps to an
 * {@link AccessEvent}. Parsers are pure; enrichment happens afterwards, so every format is enriched alike.
 */
public interface LogFormat {

    /** The path segment that selects this format, e.g. {@code azure-keyvault}. */
    String name();

    /**
     * The field of a JSON object body that holds the records, as in {@code {"records":[...]}}; null when the format
     * has no envelope, so that only a JSON array or JSON lines are split into records.
     */
    String envelopeField();

    /** The fields of a record this format reads; batches are read with only those in each record's tree. */
    default KeptFields keptFields() {
        return KeptFields.ALL;
    }

    /**
     * Maps one record. Throws {@link io.vigil.ingest.domain.RecordException} naming the field when the record cannot
     * be used; never anything else for bad input.
     *
     * @param text the record's text, over which an id derived from its content is computed
     */
    AccessEvent parse(JsonNode record, RecordText text, String subscriptionId, Instant receivedAt);

    /**
     * Maps a record that was not read from a body: ids come from its tree's text, so {@code record} must be the whole
     * record, not only its kept fields.
     */
    default AccessEvent parse(JsonNode record, String subscriptionId, Instant receivedAt) {
        return parse(record, RecordText.of(record), subscriptionId, receivedAt);
    }
}
