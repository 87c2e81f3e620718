package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

import io.vigil.alert.domain.Alert;
import io.vigil.alert.service.SuppressionRuleService.Simulation;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Severity;

/**
 * What a draft rule would have dismissed among the alerts with activity since {@code since}: how many, and the
 * newest up to 20. {@code truncated} means the scan stopped at its limit, so the count is a lower bound.
 */
public record SimulationView(long count, long scanned, boolean truncated, Instant since, List<AlertSummary> sample) {

    static SimulationView of(Simulation s) {
        return new SimulationView(s.count(), s.scanned(), s.truncated(), s.since(),
                s.sample().stream().map(AlertSummary::of).toList());
    }

    /** Enough of an alert to recognise it; the detail view has the rest. */
    public record AlertSummary(String id, AlertType alertType, String displayName, Severity severity,
            AlertStatus status, String vaultName, String principal, String ip, Instant firstSeen, Instant lastSeen,
            String suppressedBy) {

        static AlertSummary of(Alert a) {
            String principal = a.details.principal() == null ? null : a.details.principal().label();
            String ip = a.details.client() == null ? null : a.details.client().ip();
            return new AlertSummary(a.id, a.alertType, a.displayName, a.severity, a.status, a.vaultName, principal,
                    ip, a.firstSeen, a.lastSeen, a.suppressedBy);
        }
    }
}
