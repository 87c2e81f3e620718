package io.vigil.detection.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is kept per principal across vaults. Its maps are mutable and belong to this state: {@link PrincipalBaseline}
 * changes them in place and writes the state back once per event, so an event costs no copy of its IP ranges or
 * client applications (hundreds of entries for a busy principal).
 *
 * @param vaultsSucceeded vault id → last success there, for the trailing 24 hours (and the day before, to close it)
 * @param vaultsDenied vault id → last denial there, likewise
 * @param day the current day of event time, as days since the epoch
 * @param succeededDaily distinct vaults succeeded on per completed day
 * @param deniedDaily distinct vaults denied on per completed day
 * @param ipRanges IP range (/24 or /48) → last success from it
 * @param lastSteps vault id + step → last successful first step of a sequence there (a secret listing, an access
 *        policy change), kept only while a read could still follow it
 * @param patterns sequence ({@code list-get}, {@code put-get}) → first and last time the principal showed it, on any
 *        vault; null entries are absent
 * @param reads vault id → times of the principal's latest secret reads there (a few, recent), so a first step logged
 *        after the reads that followed it still completes its sequence
 * @param clients users only: vault id (vaults it succeeded on), client application id (any vault), and vault id +
 *        client application id → first and last success
 */
public record PrincipalState(
        long firstSeen,
        long lastSeen,
        long successes,
        HourlyVolume volume,
        Map<String, VaultTouch> vaultsSucceeded,
        Map<String, VaultTouch> vaultsDenied,
        long day,
        EwStats succeededDaily,
        EwStats deniedDaily,
        Map<String, Long> ipRanges,
        Map<String, Long> lastSteps,
        Map<String, Seen> patterns,
        Map<String, List<Long>> reads,
        Map<String, Seen> clients) {

    public PrincipalState {
        // states stored before sequences and client applications moved here have none of them
        lastSteps = lastSteps == null ? new HashMap<>() : lastSteps;
        patterns = patterns == null ? new HashMap<>() : patterns;
        reads = reads == null ? new HashMap<>() : reads;
        clients = clients == null ? new HashMap<>() : clients;
    }

    public static PrincipalState first(long time) {
        return new PrincipalState(time, time, 0, HourlyVolume.empty(), new HashMap<>(), new HashMap<>(), -1,
                EwStats.empty(), EwStats.empty(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                new HashMap<>());
    }

    /** A vault the principal touched: its name for evidence, and when. */
    public record VaultTouch(String name, long last) {
    }
}
