package io.vigil.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record that survived {@link LogFormat#coalesce}, with its position in the batch as sent.
 *
 * @param index the record's position in the batch, from 0, so a rejection points at the shipper's line
 */
public record IndexedRecord(int index, JsonNode record) {
}
