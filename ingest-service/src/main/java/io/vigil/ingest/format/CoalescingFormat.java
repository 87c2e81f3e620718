package io.vigil.ingest.format;

import java.util.List;

/** A format that logs one operation in several records, which are grouped before they are mapped. */
public interface CoalescingFormat extends LogFormat {

    /**
     * Groups the records of a batch that describe one operation, in the batch's order: each operation's records, the
     * one that best describes it first. The first that maps stands for the operation and the rest repeat it; each
     * keeps its position in the batch, so that a rejection still names the line the shipper sent. Never throws:
     * records it cannot read are passed on for {@link #parse} to reject.
     */
    List<List<IndexedRecord>> coalesce(List<IndexedRecord> records);
}
