package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertDetails;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.Severity;
import io.vigil.events.Source;
import io.vigil.events.Vault;

/**
 * An alert as the API shows it: who, from where, on which vault, which secrets when, why, and what to do. Lists
 * leave out the history; the detail view includes it.
 */
public record AlertView(
        String id,
        long version,
        String subscriptionId,
        AlertType alertType,
        String displayName,
        String description,
        Severity severity,
        AlertStatus status,
        List<String> tactics,
        List<String> techniques,
        Source source,
        Vault vault,
        Principal principal,
        AccessEvent.Client client,
        IpEnrichment ip,
        Instant firstSeen,
        Instant lastSeen,
        int detectionCount,
        List<AccessedObject> objects,
        Evidence evidence,
        List<String> remediationSteps,
        Instant createdAt,
        Instant updatedAt,
        /** The suppression rule that dismissed the alert on arrival, if one did. */
        String suppressedBy,
        /** A sample alert raised on request (POST …/sample-alerts), not a finding. */
        boolean simulated,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryView> history) {

    static AlertView of(Alert a) {
        return of(a, null);
    }

    /** The detail view: the alert with every status change it went through. */
    static AlertView of(Alert a, List<HistoryView> history) {
        AlertDetails d = a.details;
        return new AlertView(a.id, a.version, a.subscriptionId, a.alertType, a.displayName, a.description,
                a.severity, a.status, d.tactics(), d.techniques(), a.source, new Vault(a.vaultId, a.vaultName),
                d.principal(), d.client(), d.ip(), a.firstSeen, a.lastSeen, a.detectionCount, d.objects(),
                d.evidence(), d.remediationSteps(), a.createdAt, a.updatedAt, a.suppressedBy, a.simulated,
                history);
    }
}
