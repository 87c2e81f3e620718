package io.vigil.detection.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.Outcome;

/**
 * One principal's learned normal across vaults, seen from one event: detectors read it as it was before the event,
 * then {@link #learn()} adds the event.
 */
public final class PrincipalBaseline {

    /** A secret listing followed by secret reads. */
    public static final String LIST_GET = "list-get";
    /** An access-policy change followed by secret reads. */
    public static final String PUT_GET = "put-get";

    /** Client-application entries: a vault the user succeeded on, an application, an application on a vault. */
    public static final String VAULT = "v";
    public static final String CLIENT = "a";
    public static final String VAULT_CLIENT = "p";

    private static final char SEP = '\u001f';
    /** Most recent reads remembered per vault, enough for a sequence's reads logged before its first step. */
    private static final int MAX_READS = 8;
    private static final long DAY_MS = 86_400_000L;
    /** Most IP ranges remembered per principal; the least recently used go first. */
    private static final int MAX_IP_RANGES = 500;

    private final KeyValueStore<String, PrincipalState> states;
    private final DetectionConfig config;
    private final String principalKey;
    private final AccessEvent event;
    private final long now;
    private final PrincipalState state;

    public PrincipalBaseline(KeyValueStore<String, PrincipalState> states, DetectionConfig config,
            String principalKey, AccessEvent event) {
        this.states = states;
        this.config = config;
        this.principalKey = principalKey;
        this.event = event;
        this.now = event.time().toEpochMilli();
        PrincipalState stored = states.get(principalKey);
        this.state = stored == null ? PrincipalState.first(now) : rollDay(stored);
    }

    /** Whether the principal is too young to know its normal. */
    public boolean learning() {
        return now - state.firstSeen() < config.learningPeriod().toMillis();
    }

    public Duration history() {
        return Duration.ofMillis(now - state.firstSeen());
    }

    public long successes() {
        return state.successes();
    }

    public HourlyVolume volumeWithEvent() {
        return state.volume().plusOne(now, config.operationVolumeAnomaly().baselineHours());
    }

    /** Distinct vaults (this event's included) the principal succeeded on, or was denied on, in the last 24 hours. */
    public List<AccessedObject> vaultsInLastDayWithEvent(boolean denied) {
        Map<String, PrincipalState.VaultTouch> touched = new HashMap<>(
                denied ? state.vaultsDenied() : state.vaultsSucceeded());
        touched.put(event.vault().id(), new PrincipalState.VaultTouch(event.vault().name(), now));
        return touched.entrySet().stream()
                .filter(e -> e.getValue().last() > now - DAY_MS)
                .sorted(Comparator.comparingLong(e -> e.getValue().last()))
                .map(e -> new AccessedObject(e.getKey(), e.getValue().name(), denied ? "denied" : "accessed",
                        Instant.ofEpochMilli(e.getValue().last())))
                .toList();
    }

    /** Whether this event's vault was already succeeded on (or denied on) in the trailing 24 hours. */
    public boolean touchedInLastDay(boolean denied) {
        PrincipalState.VaultTouch touch = (denied ? state.vaultsDenied() : state.vaultsSucceeded())
                .get(event.vault().id());
        return touch != null && touch.last() > now - DAY_MS;
    }

    /** Distinct vaults per completed day: succeeded or denied. */
    public EwStats dailyVaults(boolean denied) {
        return denied ? state.deniedDaily() : state.succeededDaily();
    }

    /** Whether the principal succeeded from the range within the entry TTL. */
    public boolean knowsIpRange(String range) {
        Long last = state.ipRanges().get(range);
        return last != null && last >= now - config.entryTtl().toMillis();
    }

    /** IP ranges the principal succeeded from within the entry TTL, for evidence. */
    public long ipRangeCount() {
        long horizon = now - config.entryTtl().toMillis();
        return state.ipRanges().values().stream().filter(last -> last >= horizon).count();
    }

    public void learn() {
        boolean succeeded = event.result().outcome() == Outcome.SUCCESS;
        Map<String, PrincipalState.VaultTouch> succeededVaults = state.vaultsSucceeded();
        Map<String, PrincipalState.VaultTouch> deniedVaults = state.vaultsDenied();
        PrincipalState.VaultTouch touch = new PrincipalState.VaultTouch(event.vault().name(), now);
        if (succeeded) {
            succeededVaults.merge(event.vault().id(), touch, (a, b) -> a.last() >= b.last() ? a : b);
        } else if (event.result().outcome() == Outcome.DENIED) {
            deniedVaults.merge(event.vault().id(), touch, (a, b) -> a.last() >= b.last() ? a : b);
        }
        Map<String, Long> ranges = state.ipRanges();
        String range = succeeded ? IpRanges.range(event, config.unusualAccessSuspiciousIp()) : null;
        if (range != null) {
            ranges.merge(range, now, Math::max);
        }
        if (ranges.size() > MAX_IP_RANGES) {
            ranges.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .ifPresent(ranges::remove);
        }
        Map<String, Long> steps = state.lastSteps();
        Map<String, Seen> patterns = state.patterns();
        Map<String, List<Long>> reads = state.reads();
        Map<String, Seen> clients = state.clients();
        if (succeeded) {
            learnSequences(steps, patterns, reads);
            learnClients(clients);
        }
        states.put(principalKey, new PrincipalState(Math.min(state.firstSeen(), now), Math.max(state.lastSeen(), now),
                state.successes() + (succeeded ? 1 : 0), volumeWithEvent(), succeededVaults, deniedVaults,
                state.day(), state.succeededDaily(), state.deniedDaily(), ranges, steps, patterns, reads, clients));
    }

    /**
     * The time of the principal's last successful first step of a sequence on this event's vault (a secret listing
     * for {@link #LIST_GET}, an access-policy change for {@link #PUT_GET}), or null.
     */
    public Long lastStep(String sequence) {
        return state.lastSteps().get(stepKey(sequence, event.vault().id()));
    }

    /** When the principal first and last showed the sequence, on any vault within the entry TTL, or null. */
    public Seen pattern(String sequence) {
        Seen seen = state.patterns().get(sequence);
        return seen == null || seen.last() < now - config.entryTtl().toMillis() ? null : seen;
    }

    public long now() {
        return now;
    }

    /**
     * Whether a secret read on this event's vault, already seen, followed this event (a first step) within the
     * sequence's window: audit logs arrive out of order, so the reads of a sequence may be analysed before its first
     * step.
     */
    public boolean readFollowed(Duration window) {
        return state.reads().getOrDefault(event.vault().id(), List.of()).stream()
                .anyMatch(read -> read > now && read - now <= window.toMillis());
    }

    /**
     * When a client-application entry of this user was first and last seen: {@link #VAULT} for the vault of this
     * event, {@link #CLIENT} for a client application on any vault, {@link #VAULT_CLIENT} for the pair; or null.
     */
    public Seen client(String kind, String app) {
        String key = switch (kind) {
            case VAULT -> VAULT + SEP + event.vault().id();
            case CLIENT -> CLIENT + SEP + app;
            default -> VAULT_CLIENT + SEP + event.vault().id() + SEP + app;
        };
        Seen seen = state.clients().get(key);
        return seen == null || seen.last() < now - config.entryTtl().toMillis() ? null : seen;
    }

    /** How many distinct client applications the user has used within the entry TTL, for evidence. */
    public long clientCount() {
        String prefix = CLIENT + SEP;
        long horizon = now - config.entryTtl().toMillis();
        return state.clients().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue().last() >= horizon).count();
    }

    /**
     * Records first steps, and a read that follows one on the same vault within the sequence's window as the
     * principal showing that sequence, in whichever order the two arrive.
     */
    private void learnSequences(Map<String, Long> steps, Map<String, Seen> patterns, Map<String, List<Long>> reads) {
        String vault = event.vault().id();
        switch (event.operation().kind()) {
            case SECRET_LIST -> {
                steps.put(stepKey(LIST_GET, vault), now);
                if (readFollowed(config.listGetAnomaly().window())) {
                    patterns.merge(LIST_GET, Seen.at(now), (a, b) -> a.touch(now));
                }
            }
            case POLICY_CHANGE -> {
                steps.put(stepKey(PUT_GET, vault), now);
                if (readFollowed(config.putGetAnomaly().window())) {
                    patterns.merge(PUT_GET, Seen.at(now), (a, b) -> a.touch(now));
                }
            }
            case SECRET_READ -> {
                followed(steps, patterns, LIST_GET, config.listGetAnomaly().window());
                followed(steps, patterns, PUT_GET, config.putGetAnomaly().window());
                List<Long> times = new ArrayList<>(reads.getOrDefault(vault, List.of()));
                times.add(now);
                times.sort(Comparator.reverseOrder());
                reads.put(vault, List.copyOf(times.subList(0, Math.min(MAX_READS, times.size()))));
            }
            default -> { }
        }
    }

    /** Users only: the vaults they succeed on, the client applications they use, and which on which vault. */
    private void learnClients(Map<String, Seen> clients) {
        String app = Callers.clientApplication(event);
        if (app == null) {
            return;
        }
        String vault = event.vault().id();
        for (String key : List.of(VAULT + SEP + vault, CLIENT + SEP + app, VAULT_CLIENT + SEP + vault + SEP + app)) {
            clients.merge(key, Seen.at(now), (a, b) -> a.touch(now));
        }
    }

    private void followed(Map<String, Long> steps, Map<String, Seen> patterns, String sequence, Duration window) {
        Long step = steps.get(stepKey(sequence, event.vault().id()));
        if (step != null && step <= now && now - step <= window.toMillis()) {
            patterns.merge(sequence, Seen.at(now), (a, b) -> a.touch(now));
        }
    }

    private static String stepKey(String sequence, String vault) {
        return sequence + SEP + vault;
    }

    /** Forgets principals unseen for the entry TTL. */
    public static void expire(KeyValueStore<String, PrincipalState> states, long streamTime, Duration ttl) {
        long horizon = streamTime - ttl.toMillis();
        try (KeyValueIterator<String, PrincipalState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, PrincipalState> principal = it.next();
                if (principal.value.lastSeen() < horizon) {
                    states.delete(principal.key);
                }
            }
        }
    }

    /**
     * Closes the days before this event's day: each closed day adds its distinct-vault counts (and empty days add
     * zeros), touches older than two days are dropped since only the trailing 24 hours are asked for, and so is
     * whatever else is too old to matter (IP ranges, patterns and client applications beyond the entry TTL, first
     * steps and reads that can no longer pair up). Every lookup checks its own window, so pruning once a day rather
     * than on every event only bounds the maps.
     */
    private PrincipalState rollDay(PrincipalState stored) {
        long today = Math.floorDiv(now, DAY_MS);
        if (stored.day() >= today) {
            return stored;
        }
        EwStats succeeded = stored.succeededDaily();
        EwStats denied = stored.deniedDaily();
        if (stored.day() >= 0) {
            long dayStart = stored.day() * DAY_MS;
            int window = config.accountVolumeAnomaly().baselineDays();
            int deniedWindow = config.accountVolumeAccessDeniedAnomaly().baselineDays();
            succeeded = succeeded.add(countSince(stored.vaultsSucceeded(), dayStart), window)
                    .addZeros(today - stored.day() - 1, window);
            denied = denied.add(countSince(stored.vaultsDenied(), dayStart), deniedWindow)
                    .addZeros(today - stored.day() - 1, deniedWindow);
        }
        long horizon = now - 2 * DAY_MS;
        PrincipalState rolled = new PrincipalState(stored.firstSeen(), stored.lastSeen(), stored.successes(),
                stored.volume(), stored.vaultsSucceeded(), stored.vaultsDenied(), today, succeeded, denied,
                stored.ipRanges(), stored.lastSteps(), stored.patterns(), stored.reads(), stored.clients());
        rolled.vaultsSucceeded().values().removeIf(t -> t.last() < horizon);
        rolled.vaultsDenied().values().removeIf(t -> t.last() < horizon);
        long ttlHorizon = now - config.entryTtl().toMillis();
        rolled.ipRanges().values().removeIf(last -> last < ttlHorizon);
        rolled.patterns().values().removeIf(seen -> seen.last() < ttlHorizon);
        rolled.clients().values().removeIf(seen -> seen.last() < ttlHorizon);
        long window = Math.max(config.listGetAnomaly().window().toMillis(), config.putGetAnomaly().window().toMillis());
        long stepHorizon = now - window - config.grace().toMillis();
        rolled.lastSteps().values().removeIf(time -> time < stepHorizon);
        rolled.reads().replaceAll((vault, times) -> times.stream().filter(t -> t >= stepHorizon).toList());
        rolled.reads().values().removeIf(List::isEmpty);
        return rolled;
    }

    private static long countSince(Map<String, PrincipalState.VaultTouch> touched, long since) {
        return touched.values().stream().filter(t -> t.last() >= since).count();
    }
}
