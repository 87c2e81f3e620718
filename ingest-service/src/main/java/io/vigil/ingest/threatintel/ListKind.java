package io.vigil.ingest.threatintel;

import java.util.Locale;

/** What a match on a list means for an event's {@code ip} enrichment. */
public enum ListKind {
    /** Tor exit relays: sets {@code ip.tor}. */
    TOR,
    /** Known-bad addresses: named in {@code ip.threatLists} with the list version that matched. */
    MALICIOUS,
    /** The operator's own networks: sets {@code ip.trustedNetwork}, which detectors honour over the other facts. */
    TRUSTED;

    /** The spelling used in configuration and on the API. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
