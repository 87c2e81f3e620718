package io.vigil.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The address lists ingest needs to enrich vendor records as the canonical events are: a Tor exit list, a malicious
 * list and the organisation's trusted networks, in the {@code plain} format (configure them as
 * {@code vigil.ingest.threat-intel.sources.*} with kinds {@code tor}, {@code malicious} and {@code trusted}).
 */
final class ThreatLists {

    private ThreatLists() {
    }

    static void write(Scenario scenario, Path dir) throws IOException {
        Files.writeString(dir.resolve("tor-exit-list.txt"), "# simulated Tor exit nodes\n185.220.101.0/24\n");
        Files.writeString(dir.resolve("threat-list.txt"), "# simulated malicious hosts\n45.146.164.0/23\n");
        StringBuilder trusted = new StringBuilder("# the organisation's office, VPN and CI runner egress (kind trusted)\n");
        World.TRUSTED_RANGES.stream().sorted().forEach(range -> trusted.append(range).append(".0/24\n"));
        Files.writeString(dir.resolve("trusted-networks.txt"), trusted.toString());
    }
}
