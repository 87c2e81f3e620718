package io.vigil.ingest.format;

import java.util.List;

/** A format that logs one operation in several records, which are grouped before they are mapped. */
public interface CoalescingFormat extends LogFormat {

    /**
     * Groups the records of a batch that describe one operation, keeping each survivor's position in the batch so that
     * rejections still name the line the shipper sent. Never throws: records it cannot read are passed on for
     * {@link #parse} to reject.
     */
    List<IndexedRecord> coalesce(List<IndexedRecord> records);
}
