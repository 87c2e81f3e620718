package io.vigil.alert.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.SubscriptionSettings;
import io.vigil.alert.service.SettingsService;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;

@Path("/api/v1/subscriptions/{subscriptionId}/settings")
@Tag(name = "Subscription settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private final SettingsService settings;
    private final Tenancy tenancy;
    private final SecurityIdentity caller;

    public SettingsResource(SettingsService settings, Tenancy tenancy, SecurityIdentity caller) {
        this.settings = settings;
        this.tenancy = tenancy;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
    @Operation(summary = "The subscription's plan (protection on/off) and trusted networks",
            description = "Version 0 means the defaults: protection on, nothing trusted. The ETag is the version.")
    public Uni<Response> get(@PathParam("subscriptionId") String subscriptionId) {
        tenancy.require(subscriptionId);
        return settings.get(subscriptionId).map(SettingsResource::respond);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("vigil-admin")
    @Operation(summary = "Set the plan and trusted networks; ingest and detection follow within seconds",
            description = "Requires If-Match with the current ETag (\"0\" for the defaults): 412 when stale, 428 "
                    + "without. Trusted networks are IPs or CIDR blocks: traffic from them is trusted over threat lists.")
    public Uni<Response> put(@PathParam("subscriptionId") String subscriptionId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, SettingsRequest request) {
        tenancy.require(subscriptionId);
        List<Problem.Violation> missing = new ArrayList<>();
        if (request == null || request.protectionEnabled() == null) {
            missing.add(new Problem.Violation("protectionEnabled", "is required"));
        }
        if (request == null || request.trustedNetworks() == null) {
            missing.add(new Problem.Violation("trustedNetworks", "is required (an empty list trusts nothing)"));
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(400, "invalid-settings", "Invalid settings", "Required fields are missing",
                    missing, null);
        }
        return settings.update(subscriptionId, Versions.fromIfMatch(ifMatch), request.protectionEnabled(),
                request.trustedNetworks(), caller.getPrincipal().getName()).map(SettingsResource::respond);
    }

    private static Response respond(SubscriptionSettings stored) {
        return Response.ok(SettingsView.of(stored)).tag(new EntityTag(String.valueOf(stored.version))).build();
    }
}
