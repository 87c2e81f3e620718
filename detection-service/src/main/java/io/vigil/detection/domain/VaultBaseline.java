package io.vigil.detection.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;

/**
 * One vault's learned normal, seen from one event: detectors read it as it was before the event, then
 * {@link #learn()} adds the event. Entries live in one store under {@code vaultKey␟kind␟id} so that one vault's
 * entries of one kind are a prefix scan.
 */
public final class VaultBaseline {

    /** Users that succeeded on the vault. */
    public static final String USER = "U";
    /** Applications (service principals) that succeeded on the vault. */
    public static final String APP = "A";
    /** Any caller that succeeded on the vault. */
    public static final String CALLER = "S";
    /** Caller + operation kind that succeeded on the vault. */
    public static final String CALLER_KIND = "K";

    private static final char SEP = '\u001f';
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, VaultState> states;
    private final KeyValueStore<String, Seen> entries;
    private final DetectionConfig config;
    private final String vaultKey;
    private final AccessEvent event;
    private final long now;
    private final VaultState state;

    public VaultBaseline(KeyValueStore<String, VaultState> states, KeyValueStore<String, Seen> entries,
            DetectionConfig config, String vaultKey, AccessEvent event) {
        this.states = states;
        this.entries = entries;
        this.config = config;
        this.vaultKey = vaultKey;
        this.event = event;
        this.now = event.time().toEpochMilli();
        this.state = states.get(vaultKey);
    }

    /** Whether the vault is too young to know its normal: its unusual-entity detectors keep quiet. */
    public boolean learning() {
        return state == null || now - state.firstSeen() < config.learningPeriod().toMillis();
    }

    /** Event time since the vault's first event. */
    public Duration history() {
        return state == null ? Duration.ZERO : Duration.ofMillis(now - state.firstSeen());
    }

    public Seen entry(String kind, String id) {
        return id == null ? null : entries.get(key(kind, id));
    }

    /**
     * Whether the entry is new: never seen, or first seen within the novelty window after learning ended, so a new
     * caller's first burst keeps matching.
     */
    public boolean isNew(String kind, String id) {
        Seen seen = entry(kind, id);
        if (seen == null) {
            return true;
        }
        long learningEnd = state == null ? Long.MAX_VALUE : state.firstSeen() + config.learningPeriod().toMillis();
        return seen.first() >= learningEnd && seen.first() > now - config.noveltyWindow().toMillis();
    }

    /** How many entries of a kind the vault knows, for "12 other users have" in evidence. */
    public int count(String kind) {
        int count = 0;
        try (KeyValueIterator<String, Seen> it = entries.prefixScan(vaultKey + SEP + kind + SEP, KEYS)) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return count;
    }

    /** The operation kinds a caller has succeeded with on the vault, for evidence. */
    public List<String> kindsOf(String caller) {
        List<String> kinds = new ArrayList<>();
        String prefix = key(CALLER_KIND, caller + SEP);
        try (KeyValueIterator<String, Seen> it = entries.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                kinds.add(it.next().key.substring(prefix.length()));
            }
        }
        return kinds;
    }

    /** The vault's hourly volume including this event. */
    public HourlyVolume volumeWithEvent() {
        HourlyVolume volume = state == null ? HourlyVolume.empty() : state.volume();
        return volume.plusOne(now, config.operationVolumeAnomaly().baselineHours());
    }

    /** Adds the event to the baseline; detectors have judged it by now. */
    public void learn() {
        states.put(vaultKey, new VaultState(state == null ? now : Math.min(state.firstSeen(), now),
                state == null ? now : Math.max(state.lastSeen(), now), volumeWithEvent()));
        String caller = Callers.key(event);
        if (caller == null) {
            return;
        }
        OperationKind kind = event.operation().kind();
        boolean succeeded = event.result().outcome() == Outcome.SUCCESS;
        if (!succeeded) {
            return;
        }
        touch(CALLER, caller);
        touch(CALLER_KIND, callerKind(caller, kind));
        if (Callers.isUser(event)) {
            touch(USER, caller);
        }
        String app = Callers.application(event);
        if (app != null) {
            touch(APP, app);
        }
    }

    public Instant now() {
        return Instant.ofEpochMilli(now);
    }

    /** Forgets entries and vaults unseen for the entry TTL; runs on stream time, so a replay ages the same way. */
    public static void expire(KeyValueStore<String, VaultState> states, KeyValueStore<String, Seen> entries,
            long streamTime, Duration ttl) {
        long horizon = streamTime - ttl.toMillis();
        try (KeyValueIterator<String, Seen> it = entries.all()) {
            while (it.hasNext()) {
                KeyValue<String, Seen> entry = it.next();
                if (entry.value.last() < horizon) {
                    entries.delete(entry.key);
                }
            }
        }
        try (KeyValueIterator<String, VaultState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, VaultState> vault = it.next();
                if (vault.value.lastSeen() < horizon) {
                    states.delete(vault.key);
                }
            }
        }
    }

    /**
     * Records that an entry was seen now. Its last sighting only ages it out (after {@code entry-ttl}, weeks), so it
     * is rewritten when it moved by at least {@code last-seen-resolution}: a steady caller's entries are then written
     * once an hour instead of on each of its events, which spares most state writes and changelog records.
     */
    private void touch(String kind, String id) {
        String key = key(kind, id);
        Seen seen = entries.get(key);
        if (seen == null) {
            entries.put(key, Seen.at(now));
        } else if (now < seen.first() || now - seen.last() >= config.lastSeenResolution().toMillis()) {
            entries.put(key, seen.touch(now));
        }
    }

    private String key(String kind, String id) {
        return vaultKey + SEP + kind + SEP + id;
    }

    /** The entry id of a caller's operation kind, for {@link #CALLER_KIND}. */
    public static String callerKind(String caller, OperationKind kind) {
        return caller + SEP + kind.name();
    }
}
