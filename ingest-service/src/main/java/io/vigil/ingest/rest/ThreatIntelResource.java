package io.vigil.ingest.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vigil.ingest.service.ThreatIntel;
import io.vigil.ingest.threatintel.ListSnapshot;

/** The state of every threat-intel list, for operators checking that feeds arrive and stay fresh. */
@Path("/api/v1/threat-intel")
@Tag(name = "Threat intel")
@RolesAllowed({"vigil-admin", IngestResource.ROLE})
public class ThreatIntelResource {

    private final ThreatIntel threatIntel;

    public ThreatIntelResource(ThreatIntel threatIntel) {
        this.threatIntel = threatIntel;
    }

    /** All lists, by name; nothing tenant-specific, so no subscription check. */
    public record ThreatIntelStatus(List<ThreatListStatus> lists) {
    }

    /**
     * @param location the file path, or the URL without credentials, query or fragment
     * @param entries addresses and CIDR blocks read from the current version
     * @param skipped lines of the current version that were neither an entry nor a comment
     * @param version first 12 hex digits of the content's SHA-256, as events carry it; null until loaded
     * @param fetchedAt when the content was last read
     * @param updatedAt when the content was last known current (file modification time or download time)
     * @param ageSeconds seconds since updatedAt; null until loaded
     * @param stale older than max-age, so no longer matched
     * @param active events are matched against this list right now
     * @param lastError why the last load failed (the previous version stays in use), null when it succeeded
     */
    public record ThreatListStatus(String name, String kind, String format, String location, boolean enabled,
            int entries, int skipped, String version, Instant fetchedAt, Instant updatedAt, Long ageSeconds,
            long maxAgeSeconds, boolean stale, boolean active, String lastError) {

        static ThreatListStatus of(ListSnapshot list, Instant now) {
            return new ThreatListStatus(list.name(), list.kind().configName(),
                    list.source().format().configName(), list.source().location().display(),
                    list.source().enabled(), list.entries(), list.skipped(), list.version(), list.fetchedAt(),
                    list.updatedAt(), list.loaded() ? list.age(now).toSeconds() : null,
                    list.source().maxAge().toSeconds(), list.stale(now), list.active(now), list.lastError());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "State of the threat-intel lists",
            description = "Per list: kind, format, location, entry and skipped-line counts, version, age, staleness "
                    + "and the last load error. Roles vigil-admin or vigil-ingest.")
    public ThreatIntelStatus lists() {
        Instant now = threatIntel.now();
        return new ThreatIntelStatus(threatIntel.snapshots().stream().map(list -> ThreatListStatus.of(list, now))
                .toList());
    }
}
