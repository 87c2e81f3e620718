package io.vigil.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The address lists ingest needs to enrich the attacks as the canonical events are: a Tor exit list and a malicious
 * list in the {@code plain} format (configure them as {@code vigil.ingest.threat-intel.sources.*}).
 */
final class ThreatLists {

    private ThreatLists() {
    }

    static void write(Scenario scenario, Path dir) throws IOException {
        Files.writeString(dir.resolve("tor-exit-list.txt"), "# simulated Tor exit nodes\n185.220.101.0/24\n");
        Files.writeString(dir.resolve("threat-list.txt"), "# simulated malicious hosts\n45.146.164.0/23\n");
    }
}
