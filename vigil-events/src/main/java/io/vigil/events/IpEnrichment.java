package io.vigil.events;

import java.util.List;

/**
 * What threat intelligence said about the caller's IP when the event was ingested, so a replay decides the same way.
 *
 * @param threatLists the malicious lists that matched, with the list version that matched
 */
public record IpEnrichment(boolean tor, List<ThreatListMatch> threatLists, boolean trustedNetwork, boolean isPrivate) {

    public IpEnrichment {
        threatLists = threatLists == null ? List.of() : List.copyOf(threatLists);
    }

    public static IpEnrichment none() {
        return new IpEnrichment(false, List.of(), false, false);
    }

    /** @param version the content hash of the list snapshot that matched */
    public record ThreatListMatch(String name, String version) {
    }
}
