package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

import io.vigil.alert.service.AlertQueryService.OpenAlerts;
import io.vigil.alert.service.AlertQueryService.TouchedSecret;
import io.vigil.alert.service.AlertQueryService.VaultSecurity;
import io.vigil.events.Vault;

/**
 * A vault's security page: open alerts by severity, the latest alerts, and the secrets the callers of its alerts
 * touched, with who touched each and when.
 *
 * @param since start of the period the touched secrets come from
 * @param alertsConsidered alerts (not dismissed) of that period the secrets were read from, newest first
 * @param truncated more alerts of the period exist; the oldest were not read
 */
public record VaultSecurityView(
        Vault vault,
        OpenAlerts openAlerts,
        List<AlertSummaryView> recentAlerts,
        List<TouchedSecret> touchedSecrets,
        Instant since,
        int alertsConsidered,
        boolean truncated) {

    static VaultSecurityView of(VaultSecurity v) {
        return new VaultSecurityView(v.vault(), v.open(), v.recentAlerts().stream().map(AlertSummaryView::of)
                .toList(), v.touchedSecrets(), v.since(), v.alertsConsidered(), v.truncated());
    }
}
