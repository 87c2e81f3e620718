package io.vigil.ingest.service;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vigil.events.AccessEvent;
import io.vigil.events.IpEnrichment;
import io.vigil.ingest.config.IngestConfig;
import io.vigil.ingest.domain.IpAddresses;

/**
 * What threat intelligence says about a caller's IP, decided at ingest so that a later replay decides the same way.
 * Lists are immutable snapshots swapped atomically on reload, so lookups never lock.
 */
@ApplicationScoped
@Startup
public class ThreatIntel {

    private final IngestConfig config;
    private volatile Snapshot tor = Snapshot.EMPTY;

    /** One loaded version of a list. */
    record Snapshot(Set<InetAddress> addresses, FileTime modified, Instant loadedAt) {
        static final Snapshot EMPTY = new Snapshot(Set.of(), null, null);
    }

    public ThreatIntel(IngestConfig config) {
        this.config = config;
        reload();
    }

    public AccessEvent enrich(AccessEvent event) {
        return new AccessEvent(event.eventId(), event.schemaVersion(), event.subscriptionId(), event.source(),
                event.vault(), event.time(), event.receivedAt(), event.operation(), event.object(), event.result(),
                event.principal(), event.client(), event.correlationId(), lookup(event.client()));
    }

    IpEnrichment lookup(AccessEvent.Client client) {
        return client == null ? IpEnrichment.none()
                : IpAddresses.parse(client.ip())
                        .map(ip -> new IpEnrichment(tor.addresses().contains(ip), java.util.List.of(), false,
                                IpAddresses.isPrivate(ip)))
                        .orElse(IpEnrichment.none());
    }

    public int torEntries() {
        return tor.addresses().size();
    }

    @Scheduled(every = "${vigil.ingest.threat-intel.refresh:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        config.threatIntel().torExitList().ifPresent(this::reloadTor);
    }

    private void reloadTor(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(tor.modified())) {
                return;
            }
            Set<InetAddress> addresses = new HashSet<>();
            int skipped = 0;
            for (String line : Files.readAllLines(file)) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                var address = IpAddresses.parse(entry);
                if (address.isPresent()) {
                    addresses.add(address.get());
                } else {
                    skipped++;
                }
            }
            tor = new Snapshot(Set.copyOf(addresses), modified, Instant.now());
            Log.infof("Loaded Tor exit list %s: %d addresses, %d unreadable lines skipped", file, addresses.size(),
                    skipped);
        } catch (IOException e) {
            // keep the previous snapshot: an unreadable file must not silently clear the list
            Log.warnf("Cannot read Tor exit list %s (%s); keeping %d addresses from the previous load", file,
                    e.getMessage(), tor.addresses().size());
        }
    }
}
