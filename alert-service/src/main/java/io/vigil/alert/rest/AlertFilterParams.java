package io.vigil.alert.rest;

import java.util.List;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The alert filter as query parameters, declared for the OpenAPI document; the resource reads the values through
 * {@code UriInfo} (which keeps empty values, so they can be refused) with {@link AlertFilters}. Each may repeat (any
 * of the values), different ones must all hold.
 */
public class AlertFilterParams {

    @QueryParam(AlertFilters.VAULT)
    @Parameter(description = "Vault name (case-insensitive) or vault id; repeat for several", example = "kv-prod",
            explode = Explode.TRUE)
    public List<String> vault;

    @QueryParam(AlertFilters.TYPE)
    @Parameter(description = "Alert type; repeat or comma-separate for several", example = "KV_TORAccess",
            explode = Explode.TRUE)
    public List<String> type;

    @QueryParam(AlertFilters.SEVERITY)
    @Parameter(description = "Exact severity (HIGH, MEDIUM, LOW, INFORMATIONAL); repeat or comma-separate",
            example = "MEDIUM", explode = Explode.TRUE)
    public List<String> severity;

    @QueryParam(AlertFilters.MIN_SEVERITY)
    @Parameter(description = "Only alerts at least this severe", example = "LOW",
            schema = @Schema(enumeration = {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH"}))
    public List<String> minSeverity;

    @QueryParam(AlertFilters.STATUS)
    @Parameter(description = "Status (ACTIVE, IN_PROGRESS, RESOLVED, DISMISSED); repeat or comma-separate",
            example = "ACTIVE,IN_PROGRESS", explode = Explode.TRUE)
    public List<String> status;

    @QueryParam(AlertFilters.FROM)
    @Parameter(description = "Last activity at or after this time (ISO-8601 instant, or a day meaning its start in UTC)",
            example = "2026-11-01T00:00:00Z")
    public List<String> from;

    @QueryParam(AlertFilters.TO)
    @Parameter(description = "Last activity before this time (exclusive)", example = "2026-11-21T00:00:00Z")
    public List<String> to;

    @QueryParam(AlertFilters.PRINCIPAL)
    @Parameter(description = "The caller: an object id, a UPN or an application id (case-insensitive)",
            example = "mallory@contoso.com", explode = Explode.TRUE)
    public List<String> principal;

    @QueryParam(AlertFilters.IP)
    @Parameter(description = "Client IP address or CIDR range (IPv4 or IPv6); repeat or comma-separate",
            example = "185.220.101.0/24", explode = Explode.TRUE)
    public List<String> ip;
}
