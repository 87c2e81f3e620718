package io.vigil.detection.config;

import java.time.Duration;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vigil.events.OperationKind;

/**
 * Knobs of the topology and of every detector. Durations are ISO-8601 ({@code PT15M}, {@code P7D}). Each detector has
 * its own group named after its alert type, so it can be switched off or tuned alone.
 */
@ConfigMapping(prefix = "vigil.detection")
public interface DetectionConfig {

    /**
     * Whether state stores live on disk (RocksDB). Either way they are changelogged, so nothing is lost on a crash;
     * in-memory stores restore from their changelogs on every start, trading restart time and heap for speed.
     */
    @WithDefault("true")
    boolean persistentStores();

    /**
     * Most vault or principal states (and baseline entries, and bursts) each store keeps deserialised in heap, per
     * stream task. Their writes reach the store and its changelog once per commit instead of once per event; beyond
     * this the least recently used are read back from the store when next needed. {@code 0} leaves it to Kafka
     * Streams' record cache ({@code statestore.cache.max.bytes}), which (de)serialises on every read and write.
     */
    @WithDefault("5000")
    int stateCacheEntries();

    /** Most accessed objects and event ids one detection carries; the total is always reported alongside. */
    @WithDefault("50")
    int maxObjectsPerDetection();

    /**
     * How late (in event time, behind the newest event seen on the partition) an event may arrive and still be
     * analysed. Azure delivers audit logs up to about 10 minutes late.
     */
    @WithDefault("PT15M")
    Duration grace();

    /**
     * How long an event id is remembered to drop redelivered duplicates. It only needs to exceed the grace: a
     * duplicate arriving later than that is dropped as late anyway.
     */
    @WithDefault("P1D")
    Duration dedupeRetention();

    /**
     * How long hourly transaction counts are kept behind stream time, so events of an already published hour that
     * arrive late (a backlog read out of event-time order across partitions) still correct its usage.
     */
    @WithDefault("P2D")
    Duration usageRetention();

    /** How the cross-vault stage puts its events back into event-time order; see {@link Reorder}. */
    Reorder reorder();

    /** Event time since a vault's (or principal's) first event during which its "unusual" detectors stay silent. */
    @WithDefault("P7D")
    Duration learningPeriod();

    /** A baseline entry (user, application, pair, operation kind, pattern, IP range) unseen this long is forgotten. */
    @WithDefault("P30D")
    Duration entryTtl();

    /**
     * How far a vault baseline entry's last sighting must move before it is written again. It only decides when the
     * entry ages out ({@code entry-ttl}), so an hour costs nothing in precision and spares a state write (and a
     * changelog record) per entry on nearly every event of a steady caller. {@code PT0S} writes on every event.
     */
    @WithDefault("PT1H")
    Duration lastSeenResolution();

    /**
     * An entity first seen this recently still counts as new, so every event of a new caller's first burst joins the
     * same detection (and its objects) rather than only the very first event.
     */
    @WithDefault("PT1H")
    Duration noveltyWindow();

    /**
     * After a detection is emitted, further detections with the same correlation key are held back this long and
     * counted; when it ends, one update with the total and the objects touched is emitted.
     */
    @WithDefault("PT1H")
    Duration cooldown();

    /** KV_TORAccess: access from a Tor exit node. */
    Toggle torAccess();

    /** KV_SuspiciousIPAccess: successful access from an IP on a malicious threat list. */
    Toggle suspiciousIpAccess();

    /** KV_SuspiciousIPAccessDenied: refused access from an IP on a malicious threat list. */
    Toggle suspiciousIpAccessDenied();

    /** KV_UserAnomaly: a user who has not accessed the vault before. */
    Toggle userAnomaly();

    /** KV_AppAnomaly: an application (service principal) that has not accessed the vault before. */
    Toggle appAnomaly();

    /** KV_UserAppAnomaly: a known user through an application it has not used on the vault before. */
    Toggle userAppAnomaly();

    /** KV_UserAccessDeniedAnomaly: a caller never successful on the vault is denied. */
    Toggle userAccessDeniedAnomaly();

    /** KV_OperationPatternAnomaly: an established caller starts a sensitive kind of operation it never ran here. */
    OperationPattern operationPatternAnomaly();

    /** KV_OperationVolumeAnomaly: an hour's operations far above the vault's or the principal's hourly baseline. */
    OperationVolume operationVolumeAnomaly();

    /** KV_ListGetAnomaly: a secret listing followed by secret reads, new for this caller on this vault. */
    Sequence listGetAnomaly();

    /** KV_PutGetAnomaly: an access-policy change followed by secret reads, new for this caller on this vault. */
    Sequence putGetAnomaly();

    /** KV_AccountVolumeAnomaly: one principal successfully reached unusually many vaults in 24 hours. */
    AccountVolume accountVolumeAnomaly();

    /** KV_AccountVolumeAccessDeniedAnomaly: one principal was denied on unusually many vaults in 24 hours. */
    AccountVolumeDenied accountVolumeAccessDeniedAnomaly();

    /** KV_UnusualAccessSuspiciousIP: a principal with an IP history succeeds from a new external IP range. */
    UnusualIp unusualAccessSuspiciousIp();

    /**
     * Events reach the cross-vault (principal) detectors through a repartition topic, interleaved as the vault
     * partitions' tasks happened to run: one task a fetch ahead of another is hundreds of records ahead, which in a
     * quiet organisation, a replay or a catch-up after downtime is hours or days of event time. Counting distinct
     * vaults per day and learning daily baselines need event order, so each principal task holds its events sorted by
     * time and releases the oldest when it holds more than {@link #maxEvents()}, and at every {@link #maxWait()} tick
     * those that were already held at the previous tick. Held events are in a changelogged store: none is lost.
     */
    interface Reorder {
        /**
         * Most events a principal task holds (a few kilobytes of heap each). Events further out of order than this
         * are analysed in the order they come; {@code 0} analyses every event as it comes.
         */
        @WithDefault("2000")
        int maxEvents();

        /**
         * Wall-clock interval of the release ticks: an event waits one to two of them, which is the latency the
         * cross-vault detectors add, and the longest one vault task may lag another and still be put back in order.
         */
        @WithDefault("PT5S")
        Duration maxWait();
    }

    interface Toggle {
        /** Whether this detector runs at all. */
        @WithDefault("true")
        boolean enabled();
    }

    interface OperationPattern extends Toggle {
        /** How long the caller must have been active on the vault before a new operation kind is unusual. */
        @WithDefault("P3D")
        Duration minCallerHistory();

        /**
         * Operation kinds whose first use by an established caller is unusual; routine kinds are left out. Listing is
         * left out too: it reveals names, not values, people browse some vaults and not others, and a listing
         * followed by reads (secret dumping) is KV_ListGetAnomaly's.
         */
        @WithDefault("SECRET_READ,SECRET_DELETE,PURGE,BACKUP,POLICY_CHANGE,KEY_MANAGE,VAULT_MANAGE")
        Set<OperationKind> kinds();
    }

    interface OperationVolume extends Toggle {
        /** Hours the hourly baseline averages over (exponentially weighted). */
        @WithDefault("168")
        int baselineHours();

        /** Standard deviations above the hourly mean an hour must exceed. */
        @WithDefault("4")
        double sigmas();

        /** An hour must also exceed this multiple of the hourly mean, so steady high-volume callers stay quiet. */
        @WithDefault("3")
        double minRatio();

        /** Fewest operations per hour on one vault that can be anomalous at all. */
        @WithDefault("200")
        long minVaultCount();

        /** Fewest operations per hour by one principal (across vaults) that can be anomalous at all. */
        @WithDefault("100")
        long minPrincipalCount();
    }

    interface Sequence extends Toggle {
        /** How soon after the first step the secret read must follow. */
        @WithDefault("PT10M")
        Duration window();
    }

    interface AccountVolume extends Toggle {
        /** Days the daily distinct-vault baseline averages over (exponentially weighted). */
        @WithDefault("30")
        int baselineDays();

        /** Standard deviations above the daily mean the last 24 hours must exceed. */
        @WithDefault("3")
        double sigmas();

        /** Fewest distinct vaults in 24 hours that can be anomalous at all. */
        @WithDefault("8")
        int minVaults();
    }

    interface AccountVolumeDenied extends Toggle {
        /** Days the daily distinct-denied-vault baseline averages over (exponentially weighted). */
        @WithDefault("30")
        int baselineDays();

        /** Standard deviations above the daily mean the last 24 hours must exceed. */
        @WithDefault("3")
        double sigmas();

        /** Fewest distinct vaults denied in 24 hours that can be anomalous at all. */
        @WithDefault("4")
        int minVaults();
    }

    interface UnusualIp extends Toggle {
        /** Fewest successful events a principal needs in its history before a new IP range is unusual. */
        @WithDefault("20")
        long minHistoryEvents();

        /** IPv4 prefix length that counts as "the same place". */
        @WithDefault("24")
        int ipv4Prefix();

        /** IPv6 prefix length that counts as "the same place". */
        @WithDefault("48")
        int ipv6Prefix();
    }
}
