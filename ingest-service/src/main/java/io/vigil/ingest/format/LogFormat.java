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

    /** The field of a JSON object body that holds the records, as in {@code {"records":[...]}}. */
    String envelopeField();

    /**
     * Maps one record. Throws {@link io.vigil.ingest.domain.RecordException} naming the field when the record cannot
     * be used; never anything else for bad input.
     */
    AccessEvent parse(JsonNode record, String subscriptionId, Instant receivedAt);
}
