package io.vigil.alert.domain;

import java.time.Instant;
import java.util.List;

import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Severity;

/**
 * Which alerts of a subscription a list, a count, statistics or a bulk change covers. Every part is optional; the
 * values within one part are alternatives (any of them), the parts all must hold.
 *
 * @param vaults vault names (compared without case) or vault ids (exact)
 * @param severities exact severities; {@code minSeverity} keeps those at least as severe
 * @param from inclusive lower bound of the last activity ({@code lastSeen})
 * @param to exclusive upper bound of the last activity
 * @param principals caller object ids, UPNs or application ids, lower-cased
 * @param addresses client IP addresses in canonical form
 * @param ranges client IP ranges (CIDR) in canonical form
 */
public record AlertFilter(
        List<String> vaults,
        List<AlertType> types,
        List<Severity> severities,
        Severity minSeverity,
        List<AlertStatus> statuses,
        Instant from,
        Instant to,
        List<String> principals,
        List<String> addresses,
        List<String> ranges) {

    public static final AlertFilter NONE = new AlertFilter(List.of(), List.of(), List.of(), null, List.of(), null,
            null, List.of(), List.of(), List.of());

    public AlertFilter {
        vaults = List.copyOf(vaults);
        types = List.copyOf(types);
        severities = List.copyOf(severities);
        statuses = List.copyOf(statuses);
        principals = List.copyOf(principals);
        addresses = List.copyOf(addresses);
        ranges = List.copyOf(ranges);
    }

    public AlertFilter withTime(Instant newFrom, Instant newTo) {
        return new AlertFilter(vaults, types, severities, minSeverity, statuses, newFrom, newTo, principals, addresses,
                ranges);
    }

    /** A canonical text of the filter: a cursor carries its hash so it cannot be replayed on another query. */
    public String canonical() {
        return String.join(";", "v=" + vaults, "t=" + types, "s=" + severities, "m=" + minSeverity,
                "st=" + statuses, "f=" + from, "to=" + to, "p=" + principals, "a=" + addresses, "r=" + ranges);
    }
}
