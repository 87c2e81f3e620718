package io.vigil.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil.ingest")
public interface IngestConfig {

    /** Most records one request may carry; larger batches get 413 so one client cannot monopolise the producer. */
    @WithDefault("10000")
    int maxRecordsPerRequest();

    /** Longest accepted text or id (user agent, detail, vault, object, principal); longer records are rejected. */
    @WithDefault("4096")
    int maxFieldLength();

    /** How long a request waits for Kafka to acknowledge its records before answering 503 with Retry-After. */
    @WithDefault("10s")
    Duration publishTimeout();

    ThreatIntel threatIntel();

    interface ThreatIntel {

        /**
         * A Tor exit list in the bulk exit list format (one IP per line, {@code #} comments allowed). Absent means no
         * event is flagged as Tor.
         */
        Optional<Path> torExitList();

        /** How often the list file is checked for changes; a changed file is reloaded without a restart. */
        @WithDefault("60s")
        Duration refresh();
    }
}
