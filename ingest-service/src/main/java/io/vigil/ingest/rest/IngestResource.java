package io.vigil.ingest.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.smallrye.mutiny.Uni;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.ingest.service.IngestResult;
import io.vigil.ingest.service.IngestService;

@Path("/api/v1/subscriptions/{subscriptionId}/events")
@Tag(name = "Ingest")
@RolesAllowed(IngestResource.ROLE)
public class IngestResource {

    static final String ROLE = "vigil-ingest";

    private final IngestService ingest;
    private final Tenancy tenancy;

    public IngestResource(IngestService ingest, Tenancy tenancy) {
        this.ingest = ingest;
        this.tenancy = tenancy;
    }

    @POST
    @Path("/{format}")
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", "application/jsonl"})
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @Operation(summary = "Ingest a batch of vault audit-log records",
            description = "Formats: azure-keyvault, hashicorp-vault, aws-cloudtrail, vigil. "
                    + "Body: a JSON array, JSON lines, or the format's envelope ({\"records\":[...]}, "
                    + "{\"Records\":[...]}). Answers once Kafka acknowledged every accepted record; "
                    + "invalid records are listed in 'rejected'.")
    public Uni<IngestResult> ingest(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("format") String format, byte[] body) {
        if (!tenancy.covers(subscriptionId)) {
            throw new ProblemException(403, "subscription-forbidden", "Subscription not allowed",
                    "This client may not ingest events for subscription '" + subscriptionId + "'");
        }
        return ingest.ingest(subscriptionId, format, body);
    }
}
