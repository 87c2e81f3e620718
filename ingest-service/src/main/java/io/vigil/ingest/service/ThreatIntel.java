package io.vigil.ingest.service;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vigil.events.AccessEvent;
import io.vigil.events.IpEnrichment;
import io.vigil.events.IpEnrichment.ThreatListMatch;
import io.vigil.ingest.config.IngestConfig;
import io.vigil.ingest.domain.IpAddresses;
import io.vigil.ingest.threatintel.ListFormat;
import io.vigil.ingest.threatintel.ListKind;
import io.vigil.ingest.threatintel.ListLoader;
import io.vigil.ingest.threatintel.ListLocation;
import io.vigil.ingest.threatintel.ListSnapshot;
import io.vigil.ingest.threatintel.ListSource;

/**
 * What threat intelligence says about a caller's IP, decided at ingest so that a later replay decides the same way.
 * <p>
 * Each configured list lives in one volatile snapshot that a load replaces whole, so lookups never lock and never see
 * a half-built list; a failed load keeps the previous snapshot. Loads run on a small thread pool of their own, fed by
 * a periodic check, so neither a slow download nor a large file ever runs on the event loop or delays another list.
 * A list whose content outlives its max-age stops being matched: a feed that silently stopped updating must not keep
 * flagging (or trusting) addresses that have since changed hands.
 */
@ApplicationScoped
@Startup
public class ThreatIntel {

    /** The source name the {@code tor-exit-list} shorthand stands for. */
    public static final String TOR_SHORTHAND = "tor-exit-list";
    // the same defaults as an explicit source's, see IngestConfig.ThreatIntel.Source
    private static final Duration DEFAULT_REFRESH = Duration.ofHours(1);
    private static final Duration DEFAULT_MAX_AGE = Duration.ofDays(2);
    /** Downloads that failed are retried sooner than their refresh, but not so often that a dead feed is hammered. */
    private static final Duration FAILED_DOWNLOAD_RETRY = Duration.ofMinutes(5);

    private final List<Holder> lists;
    private final ListLoader loader;
    private final TrustedNetworks trustedNetworks;
    private final Clock clock;
    private final ExecutorService loading;

    /** The mutable bookkeeping around one list's current snapshot. */
    private static final class Holder {
        final ListSource source;
        volatile ListSnapshot snapshot;
        final AtomicBoolean loading = new AtomicBoolean();
        volatile boolean attempted;
        volatile Instant nextAttempt = Instant.EPOCH;
        volatile boolean reportedStale;

        Holder(ListSource source) {
            this.source = source;
            this.snapshot = ListSnapshot.initial(source);
        }
    }

    @Inject
    public ThreatIntel(IngestConfig config, TrustedNetworks trustedNetworks) {
        this(sources(config.threatIntel()), new ListLoader(config.threatIntel().fetchTimeout(),
                config.threatIntel().maxListSize().asLongValue(), Clock.systemUTC()), trustedNetworks,
                Clock.systemUTC());
    }

    ThreatIntel(List<ListSource> sources, ListLoader loader, TrustedNetworks trustedNetworks, Clock clock) {
        this.lists = sources.stream().map(Holder::new).toList();
        this.loader = loader;
        this.trustedNetworks = trustedNetworks;
        this.clock = clock;
        this.loading = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "vigil-threat-intel");
            thread.setDaemon(true); // a hung download must not keep the JVM from exiting
            return thread;
        });
    }

    /**
     * Loads file lists before the service takes traffic, so the first events are already matched; downloads start in
     * the background (readiness waits for their first attempt) so an unreachable feed cannot block startup.
     */
    @PostConstruct
    void start() {
        for (Holder holder : lists) {
            if (!holder.source.enabled()) {
                continue;
            }
            if (holder.source.location().isUrl()) {
                submit(holder);
            } else if (holder.loading.compareAndSet(false, true)) {
                try {
                    load(holder);
                } finally {
                    holder.loading.set(false);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        loading.shutdownNow();
    }

    public AccessEvent enrich(AccessEvent event) {
        return new AccessEvent(event.eventId(), event.schemaVersion(), event.subscriptionId(), event.source(),
                event.vault(), event.time(), event.receivedAt(), event.operation(), event.object(), event.result(),
                event.principal(), event.client(), event.correlationId(),
                lookup(event.subscriptionId(), event.client()));
    }

    /**
     * Every fact is kept even for a trusted network, so the event records what the lists said; detectors skip trusted
     * addresses themselves (trusted beats malicious, as in GuardDuty).
     */
    IpEnrichment lookup(String subscriptionId, AccessEvent.Client client) {
        Optional<InetAddress> ip = client == null ? Optional.empty() : IpAddresses.parse(client.ip());
        if (ip.isEmpty()) {
            return IpEnrichment.none();
        }
        byte[] address = ip.get().getAddress();
        Instant now = clock.instant();
        boolean tor = false;
        boolean trusted = false;
        List<ThreatListMatch> matches = List.of();
        for (Holder holder : lists) {
            ListSnapshot list = holder.snapshot;
            if (!list.matches(address, now)) {
                continue;
            }
            switch (list.kind()) {
                case TOR:
                    tor = true;
                    break;
                case MALICIOUS:
                    if (matches.isEmpty()) {
                        matches = new ArrayList<>(2);
                    }
                    matches.add(new ThreatListMatch(list.name(), list.version()));
                    break;
                case TRUSTED:
                    trusted = true;
                    break;
                default:
                    throw new IllegalStateException("unknown list kind " + list.kind());
            }
        }
        trusted = trusted || trustedNetworks.contains(subscriptionId, address);
        return new IpEnrichment(tor, matches, trusted, IpAddresses.isPrivate(ip.get()));
    }

    /** The current snapshot of every configured list, by name. */
    public List<ListSnapshot> snapshots() {
        return lists.stream().map(holder -> holder.snapshot).toList();
    }

    public Instant now() {
        return clock.instant();
    }

    /** Whether every enabled list has been tried once, successfully or not. */
    public boolean firstLoadsDone() {
        return lists.stream().allMatch(holder -> !holder.source.enabled() || holder.attempted);
    }

    @Scheduled(every = "${vigil.ingest.threat-intel.check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        Instant now = clock.instant();
        for (Holder holder : lists) {
            if (!holder.source.enabled()) {
                continue;
            }
            reportStaleness(holder, now);
            if (due(holder, now)) {
                submit(holder);
            }
        }
    }

    private boolean due(Holder holder, Instant now) {
        if (holder.loading.get()) {
            return false;
        }
        if (!now.isBefore(holder.nextAttempt)) {
            return true;
        }
        if (holder.source.location().isUrl()) {
            return false;
        }
        ListSnapshot list = holder.snapshot;
        if (list.lastError() != null || !list.loaded()) {
            return true; // reading a local file again is cheap, and the fix should show within one check
        }
        try {
            return !ListLoader.modified(holder.source.location().file()).equals(list.updatedAt());
        } catch (IOException e) {
            return true; // the load reports why the file cannot be read
        }
    }

    private void submit(Holder holder) {
        if (!holder.loading.compareAndSet(false, true)) {
            return;
        }
        try {
            loading.execute(() -> {
                try {
                    load(holder);
                } finally {
                    holder.loading.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            holder.loading.set(false); // shutting down
        }
    }

    private void load(Holder holder) {
        ListSnapshot previous = holder.snapshot;
        ListSnapshot next;
        try {
            next = loader.load(previous);
        } catch (RuntimeException e) {
            next = previous.failed("unexpected " + e.getClass().getSimpleName());
            Log.errorf(e, "Loading threat list %s failed unexpectedly", previous.name());
        }
        holder.snapshot = next;
        Duration wait = next.lastError() == null ? holder.source.refresh()
                : min(holder.source.refresh(), FAILED_DOWNLOAD_RETRY);
        holder.nextAttempt = clock.instant().plus(wait);
        holder.attempted = true;
        logOutcome(previous, next);
        reportStaleness(holder, clock.instant());
    }

    private static void logOutcome(ListSnapshot previous, ListSnapshot next) {
        ListSource source = next.source();
        String location = source.location().display();
        if (next.lastError() != null) {
            if (next.lastError().equals(previous.lastError())) {
                Log.debugf("Threat list %s still cannot be loaded from %s: %s", source.name(), location,
                        next.lastError());
            } else if (next.loaded()) {
                Log.warnf("Cannot load threat list %s from %s: %s; keeping version %s (%d entries)", source.name(),
                        location, next.lastError(), next.version(), next.entries());
            } else {
                Log.warnf("Cannot load threat list %s from %s: %s; it matches nothing until it loads", source.name(),
                        location, next.lastError());
            }
        } else if (!next.version().equals(previous.version())) {
            Log.infof("Loaded threat list %s (%s, %s) from %s: version %s, %d entries, %d unreadable lines skipped",
                    source.name(), source.kind().configName(), source.format().configName(), location,
                    next.version(), next.entries(), next.skipped());
        } else if (previous.lastError() != null) {
            Log.infof("Threat list %s can be loaded again from %s; version %s is unchanged", source.name(), location,
                    next.version());
        } else {
            Log.debugf("Threat list %s unchanged at version %s", source.name(), next.version());
        }
    }

    private static void reportStaleness(Holder holder, Instant now) {
        ListSnapshot list = holder.snapshot;
        boolean stale = list.stale(now);
        if (stale && !holder.reportedStale) {
            holder.reportedStale = true;
            Log.warnf("Threat list %s is stale: its content (version %s) dates from %s, longer ago than its max-age "
                    + "%s; it is no longer matched until fresh content loads from %s%s", list.name(), list.version(),
                    list.updatedAt(), list.source().maxAge(), list.source().location().display(),
                    list.lastError() == null ? "" : " (last error: " + list.lastError() + ")");
        } else if (!stale && holder.reportedStale) {
            holder.reportedStale = false;
            Log.infof("Threat list %s is fresh again (version %s) and matched", list.name(), list.version());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The configured sources plus the Tor shorthand, in name order so that event list order is stable. */
    static List<ListSource> sources(IngestConfig.ThreatIntel config) {
        Map<String, ListSource> byName = new TreeMap<>();
        config.sources().forEach((name, source) -> byName.put(name, source("vigil.ingest.threat-intel.sources." + name,
                name, source.kind(), source.format(), source.location(), source.refresh(), source.maxAge(),
                source.enabled())));
        config.torExitList().ifPresent(location -> {
            if (byName.containsKey(TOR_SHORTHAND)) {
                throw new IllegalStateException("vigil.ingest.threat-intel.tor-exit-list and "
                        + "vigil.ingest.threat-intel.sources." + TOR_SHORTHAND + " both define the list "
                        + TOR_SHORTHAND + "; keep one of them");
            }
            byName.put(TOR_SHORTHAND, source("vigil.ingest.threat-intel", TOR_SHORTHAND, ListKind.TOR, ListFormat.PLAIN, location,
                    DEFAULT_REFRESH, DEFAULT_MAX_AGE, true));
        });
        return List.copyOf(byName.values());
    }

    /** @param key the configuration prefix the values came from, for error messages */
    private static ListSource source(String key, String name, ListKind kind, ListFormat format, String location,
            Duration refresh, Duration maxAge, boolean enabled) {
        if (refresh.isNegative() || refresh.isZero() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalStateException(key + ": refresh and max-age must be positive");
        }
        try {
            return new ListSource(name, kind, format, ListLocation.parse(location), refresh, maxAge, enabled);
        } catch (IllegalArgumentException e) {
            String locationKey = TOR_SHORTHAND.equals(name) && !key.endsWith(name) ? key + "." + TOR_SHORTHAND
                    : key + ".location";
            throw new IllegalStateException(locationKey + " " + e.getMessage(), e);
        }
    }
}
