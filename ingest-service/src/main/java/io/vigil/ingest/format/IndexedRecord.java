package io.vigil.ingest.format;

import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record of a batch, with its position in the batch as sent and its text.
 *
 * @param index the record's position in the batch, from 0, so a rejection points at the shipper's line
 * @param record the record's tree; read from a body, it holds only the fields its format keeps
 * @param text the record's JSON text, for an id over its content
 */
public record IndexedRecord(int index, JsonNode record, RecordText text) {

    /** Records that were not read from a body, numbered in order; their texts are their trees'. */
    public static List<IndexedRecord> of(List<JsonNode> records) {
        return IntStream.range(0, records.size())
                .mapToObj(index -> new IndexedRecord(index, records.get(index), RecordText.of(records.get(index))))
                .toList();
    }
}
