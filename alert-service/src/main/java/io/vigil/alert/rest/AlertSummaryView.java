package io.vigil.alert.rest;

import java.time.Instant;

import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertDetails;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.Severity;
import io.vigil.events.Vault;

/**
 * An alert as a list shows it: what, how bad, where, who, from where and when, without the evidence facts, the
 * accessed objects and the remediation steps (the detail view has them).
 *
 * @param summary the evidence's one-sentence summary
 * @param objectCount how many accessed objects the alert lists
 */
public record AlertSummaryView(
        String id,
        long version,
        String subscriptionId,
        AlertType alertType,
        String displayName,
        Severity severity,
        AlertStatus status,
        Vault vault,
        Principal principal,
        AccessEvent.Client client,
        IpEnrichment ip,
        Instant firstSeen,
        Instant lastSeen,
        int detectionCount,
        int objectCount,
        String summary,
        String suppressedBy,
        Instant updatedAt) {

    static AlertSummaryView of(Alert a) {
        AlertDetails d = a.details;
        return new AlertSummaryView(a.id, a.version, a.subscriptionId, a.alertType, a.displayName, a.severity,
                a.status, new Vault(a.vaultId, a.vaultName), d.principal(), d.client(), d.ip(), a.firstSeen,
                a.lastSeen, a.detectionCount, d.objects() == null ? 0 : d.objects().size(),
                d.evidence() == null ? null : d.evidence().summary(), a.suppressedBy, a.updatedAt);
    }
}
