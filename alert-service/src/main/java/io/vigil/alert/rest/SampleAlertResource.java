package io.vigil.alert.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.messaging.OutboxRelay;
import io.vigil.alert.service.SampleAlertService;
import io.vigil.common.security.Tenancy;

@Path("/api/v1/subscriptions/{subscriptionId}/sample-alerts")
@Tag(name = "Sample alerts")
@Produces(MediaType.APPLICATION_JSON)
public class SampleAlertResource {

    private static final String EXAMPLE = """
            {"count": 14, "alerts": [
              {"id": "9b1f0c4e7d2a6b3c8e5f1a0d2c4b6e8f", "alertType": "KV_SuspiciousIPAccess",
               "displayName": "[Sample alert] Access from a suspicious IP address to a key vault", "severity": "MEDIUM"},
              {"id": "2c7e9a1b3d5f4e6a8b0c1d2e3f4a5b6c", "alertType": "KV_TORAccess",
               "displayName": "[Sample alert] Access from a TOR exit node to a key vault", "severity": "MEDIUM"}]}""";

    private final SampleAlertService samples;
    private final Tenancy tenancy;
    private final SecurityIdentity caller;
    private final OutboxRelay relay;

    public SampleAlertResource(SampleAlertService samples, Tenancy tenancy, SecurityIdentity caller,
            OutboxRelay relay) {
        this.samples = samples;
        this.tenancy = tenancy;
        this.caller = caller;
        this.relay = relay;
    }

    @POST
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Raise one sample alert of every detection type, to check the whole chain",
            description = "Each is a real alert marked simulated=true, shown as '[Sample alert] <display name>', "
                    + "with realistic evidence and accessed secrets; it is stored, published to vigil.alerts.v1, "
                    + "emailed and exported like any other. Every request raises new ones. 201 with their ids.")
    @APIResponse(responseCode = "201", description = "The sample alerts raised", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "raised", value = EXAMPLE)))
    public Uni<Response> create(@PathParam("subscriptionId") String subscriptionId) {
        tenancy.require(subscriptionId);
        return samples.raise(subscriptionId, caller.getPrincipal().getName())
                .invoke(relay::kick)
                .map(raised -> Response.status(Response.Status.CREATED).entity(SampleAlertView.of(raised)).build());
    }
}
