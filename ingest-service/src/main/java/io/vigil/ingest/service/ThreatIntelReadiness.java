package io.vigil.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until every enabled list was tried once: enrichment is final (a replay reuses it), so events taken
 * before the lists loaded would carry "not Tor, on no list" for good. A failed first try still counts, so an
 * unreachable feed delays readiness by at most the fetch timeout.
 */
@Readiness
@ApplicationScoped
public class ThreatIntelReadiness implements HealthCheck {

    private final ThreatIntel threatIntel;

    public ThreatIntelReadiness(ThreatIntel threatIntel) {
        this.threatIntel = threatIntel;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("threat-intel").status(threatIntel.firstLoadsDone()).build();
    }
}
