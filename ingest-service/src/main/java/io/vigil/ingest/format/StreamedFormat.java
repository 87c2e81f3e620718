package io.vigil.ingest.format;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonParser;

import io.vigil.events.AccessEvent;

/** A format whose records are read straight off the request body's parser, without a tree per record. */
public interface StreamedFormat extends LogFormat {

    /**
     * Maps the record whose {@code START_OBJECT} the parser is on, reading up to its {@code END_OBJECT} unless it
     * refuses the record first (the caller then skips the rest). {@code text} is the record's text, for the rare record
     * that needs it (an id derived from its content). Throws
     * {@link io.vigil.ingest.domain.RecordException} naming the field when the record cannot be used.
     */
    AccessEvent read(JsonParser parser, String subscriptionId, Instant receivedAt, RecordText text)
            throws IOException;
}
