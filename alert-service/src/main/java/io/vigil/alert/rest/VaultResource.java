package io.vigil.alert.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AlertQueryService;
import io.vigil.alert.service.AlertQueryService.VaultSummary;
import io.vigil.common.rest.Problem;
import io.vigil.common.security.Tenancy;

/** The vaults of a subscription as its alerts name them, and one vault's security page. */
@Path("/api/v1/subscriptions/{subscriptionId}/vaults")
@Tag(name = "Vaults")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
public class VaultResource {

    private static final String EXAMPLE_VAULTS = """
            [{"vault": {"id": "/subscriptions/contoso-prod/providers/microsoft.keyvault/vaults/kv-prod",
                        "name": "kv-prod"},
              "open": {"total": 3, "bySeverity": {"HIGH": 0, "MEDIUM": 2, "LOW": 1, "INFORMATIONAL": 0}},
              "lastAlertAt": "2026-11-20T10:16:00Z"},
             {"vault": {"id": "hashicorp-vault:root/secret", "name": "secret"},
              "open": {"total": 0, "bySeverity": {"HIGH": 0, "MEDIUM": 0, "LOW": 0, "INFORMATIONAL": 0}},
              "lastAlertAt": "2026-11-02T08:00:00Z"}]""";
    private static final String EXAMPLE_SECURITY = """
            {"vault": {"id": "/subscriptions/contoso-prod/providers/microsoft.keyvault/vaults/kv-prod", "name": "kv-prod"},
             "openAlerts": {"total": 2, "bySeverity": {"HIGH": 0, "MEDIUM": 2, "LOW": 0, "INFORMATIONAL": 0}},
             "recentAlerts": [{"id": "5f1c0d3a9b7e4c2a8d6f0e1b2c3d4e5f", "alertType": "KV_TORAccess",
                               "severity": "MEDIUM", "status": "ACTIVE", "lastSeen": "2026-11-20T10:16:00Z",
                               "summary": "mallory@contoso.com read secret db-password in vault kv-prod from 185.220.101.45, a Tor exit node."}],
             "touchedSecrets": [{"id": "https://kv-prod.vault.azure.net/secrets/db-password", "name": "db-password",
                                 "operations": ["SecretGet"], "firstTouched": "2026-11-20T10:15:00Z",
                                 "lastTouched": "2026-11-20T10:15:00Z", "accesses": 1,
                                 "callers": [{"principal": {"type": "USER", "objectId": "8d2f6c1e-0000-4000-8000-000000000001",
                                                            "upn": "mallory@contoso.com", "appId": null, "displayName": null},
                                              "ip": "185.220.101.45", "tor": true, "threatListed": false,
                                              "alertTypes": ["KV_TORAccess"], "alertIds": ["5f1c0d3a9b7e4c2a8d6f0e1b2c3d4e5f"],
                                              "firstTouched": "2026-11-20T10:15:00Z", "lastTouched": "2026-11-20T10:15:00Z",
                                              "accesses": 1}]}],
             "since": "2026-10-21T10:20:00Z", "alertsConsidered": 1, "truncated": false}""";
    private static final String EXAMPLE_NO_VAULT = """
            {"type": "https://vigil.io/problems/vault-not-found", "title": "Vault not found", "status": 404,
             "detail": "No alert of subscription 'contoso-prod' names a vault 'kv-test'",
             "instance": "/api/v1/subscriptions/contoso-prod/vaults/kv-test/security"}""";

    private final AlertQueryService queries;
    private final Tenancy tenancy;

    public VaultResource(AlertQueryService queries, Tenancy tenancy) {
        this.queries = queries;
        this.tenancy = tenancy;
    }

    @GET
    @Operation(summary = "The subscription's vaults with their open alerts by severity",
            description = "Every vault an alert of the subscription names (up to 1,000), most open (Active or In "
                    + "progress) alerts first, then the most recently alerted.")
    @APIResponse(responseCode = "200", description = "The vaults",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VaultSummary.class, type = org.eclipse.microprofile.openapi
                            .annotations.enums.SchemaType.ARRAY),
                    examples = @ExampleObject(name = "two vaults", value = EXAMPLE_VAULTS)))
    @APIResponse(responseCode = "404", description = "The token does not cover this subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "other tenant", value = AlertResource.EXAMPLE_NOT_FOUND)))
    public Uni<List<VaultSummary>> list(@PathParam("subscriptionId") String subscriptionId) {
        tenancy.require(subscriptionId);
        return queries.vaults(subscriptionId);
    }

    @GET
    @Path("/{vault: .+}/security")
    @Operation(summary = "A vault's security page: open alerts, recent alerts, secrets touched by suspicious callers",
            description = """
                    {vault} is the vault's name (case-insensitive; names with '/' may be given as they are; a name \
                    several vaults share answers 409 with their ids) or its id (URL-encoded). openAlerts counts Active and In progress alerts by severity; recentAlerts are its \
                    latest alerts of any status; touchedSecrets lists the secrets, keys and certificates that the \
                    callers of its alerts of the last 'days' days touched (alerts dismissed as false positives left \
                    out), newest touch first, each with the callers (principal, IP, Tor and threat-list flags, alert \
                    types) and their first and last touch. Read from at most 300 alerts, newest first ('truncated' \
                    tells); up to 100 secrets and 10 callers per secret.""")
    @APIResponse(responseCode = "200", description = "The vault's security page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VaultSecurityView.class),
                    examples = @ExampleObject(name = "kv-prod", value = EXAMPLE_SECURITY)))
    @APIResponse(responseCode = "400", description = "days or recent out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Several vaults have this name: their ids are in the detail",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No alert of the subscription names this vault, or the token "
            + "does not cover the subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "unknown vault", value = EXAMPLE_NO_VAULT)))
    public Uni<VaultSecurityView> security(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("vault") String vault,
            @Parameter(description = "Period of the touched secrets, 1–365 days (default 30)", example = "30")
            @QueryParam("days") String days,
            @Parameter(description = "How many recent alerts, 1–50 (default 10)", example = "10")
            @QueryParam("recent") String recent) {
        tenancy.require(subscriptionId);
        AlertFilters reader = AlertFilters.reading("");
        int period = number(reader, "days", days, 30, 365);
        int latest = number(reader, "recent", recent, 10, 50);
        reader.check();
        return queries.vaultSecurity(subscriptionId, vault, period, latest).map(view -> {
            if (view == null) {
                throw AlertQueryService.vaultNotFound(subscriptionId, vault);
            }
            return VaultSecurityView.of(view);
        });
    }

    private static int number(AlertFilters reader, String name, String value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        reader.error(name, "must be a whole number from 1 to " + max);
        return fallback;
    }
}
