package io.vigil.detection.domain;

import java.time.Duration;
import java.time.Instant;
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

    /** Distinct vaults per completed day: succeeded or denied. */
    public EwStats dailyVaults(boolean denied) {
        return denied ? state.deniedDaily() : state.succeededDaily();
    }

    public boolean knowsIpRange(String range) {
        return state.ipRanges().containsKey(range);
    }

    public int ipRangeCount() {
        return state.ipRanges().size();
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
        long ipHorizon = now - config.entryTtl().toMillis();
        ranges.values().removeIf(last -> last < ipHorizon);
        if (ranges.size() > MAX_IP_RANGES) {
            ranges.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .ifPresent(ranges::remove);
        }
        states.put(principalKey, new PrincipalState(Math.min(state.firstSeen(), now), Math.max(state.lastSeen(), now),
                state.successes() + (succeeded ? 1 : 0), volumeWithEvent(), succeededVaults, deniedVaults,
                state.day(), state.succeededDaily(), state.deniedDaily(), ranges));
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
     * zeros), and touches older than two days are dropped since only the trailing 24 hours are asked for.
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
                stored.ipRanges());
        rolled.vaultsSucceeded().values().removeIf(t -> t.last() < horizon);
        rolled.vaultsDenied().values().removeIf(t -> t.last() < horizon);
        return rolled;
    }

    private static long countSince(Map<String, PrincipalState.VaultTouch> touched, long since) {
        return touched.values().stream().filter(t -> t.last() >= since).count();
    }
}
