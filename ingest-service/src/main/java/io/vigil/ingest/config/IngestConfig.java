package io.vigil.ingest.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vigil.ingest.threatintel.ListFormat;
import io.vigil.ingest.threatintel.ListKind;

@ConfigMapping(prefix = "vigil.ingest")
public interface IngestConfig {

    /** Most records one request may carry; larger batches get 413 so one client cannot monopolise the producer. */
    @WithDefault("10000")
    int maxRecordsPerRequest();

    /**
     * Longest accepted text or id (client IP, user agent, detail, vault, object, principal); longer records are
     * rejected, one by one, rather than failing the batch at Kafka's record size.
     */
    @WithDefault("4096")
    int maxFieldLength();

    /** How long a request waits for Kafka to acknowledge its records before answering 503 with Retry-After. */
    @WithDefault("10s")
    Duration publishTimeout();

    ThreatIntel threatIntel();

    /** Tor exit lists, threat-intel lists and trusted networks matched against every event's caller IP. */
    interface ThreatIntel {

        /**
         * Shorthand for a source named {@code tor-exit-list} of kind {@code tor}, format {@code plain} and default
         * refresh and max-age: a file path or URL of a Tor bulk exit list. Absent means no such source; it may not be
         * combined with an explicit {@code sources.tor-exit-list}.
         */
        Optional<String> torExitList();

        /** The lists by name; the name appears in events ({@code ip.threatLists[].name}) and on the API. */
        Map<String, Source> sources();

        /**
         * How often sources are checked: file sources are re-read when their modification time changed, every source
         * when its refresh is due, and lists that outlived their max-age are reported stale.
         */
        @WithDefault("30s")
        Duration checkInterval();

        /** Longest a download may take, from connecting to the last byte; a slower one fails and is retried. */
        @WithDefault("30s")
        Duration fetchTimeout();

        /** Largest list accepted, file or download, so a wrong location cannot exhaust the heap. */
        @WithDefault("64M")
        MemorySize maxListSize();

        interface Source {

            /**
             * {@code tor} sets {@code ip.tor}, {@code malicious} adds the list to {@code ip.threatLists},
             * {@code trusted} sets {@code ip.trustedNetwork}.
             */
            @WithDefault("malicious")
            ListKind kind();

            /**
             * {@code plain}: one IP or CIDR per line, {@code #}/{@code ;} comments (Tor bulk exit list, FireHOL
             * netset, Feodo Tracker); {@code tordnsel}: Tor {@code exit-addresses}; {@code spamhaus-drop}: Spamhaus
             * DROP text or JSON lines.
             */
            @WithDefault("plain")
            ListFormat format();

            /**
             * A file path, {@code file:} URL, or {@code http:}/{@code https:} URL (user info becomes Basic
             * authentication). Required: a list without a location has nothing to default to.
             */
            String location();

            /** Re-read this often even without a sign of change; downloads happen only at this pace. */
            @WithDefault("PT1H")
            Duration refresh();

            /**
             * Content older than this (file modification time, or last successful download) makes the list stale: it
             * is logged at WARN and no longer matched until fresh content arrives.
             */
            @WithDefault("P2D")
            Duration maxAge();

            /** A disabled source is listed on the API but neither loaded nor matched. */
            @WithDefault("true")
            boolean enabled();
        }
    }
}
