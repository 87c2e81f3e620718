package io.vigil.ingest.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.ingest.config.LimitsConfig;
import io.vigil.ingest.service.IngestResult;
import io.vigil.ingest.service.IngestService;
import io.vigil.ingest.service.RateLimiter;

@Path("/api/v1/subscriptions/{subscriptionId}/events")
@Tag(name = "Ingest")
@RolesAllowed(IngestResource.ROLE)
public class IngestResource {

    static final String ROLE = "vigil-ingest";

    private final IngestService ingest;
    private final Tenancy tenancy;
    private final RateLimiter rateLimiter;
    private final SecurityIdentity caller;
    private final LimitsConfig limits;

    public IngestResource(IngestService ingest, Tenancy tenancy, RateLimiter rateLimiter, SecurityIdentity caller,
            LimitsConfig limits) {
        this.ingest = ingest;
        this.tenancy = tenancy;
        this.rateLimiter = rateLimiter;
        this.caller = caller;
        this.limits = limits;
    }

    @POST
    @Path("/{format}")
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", "application/jsonl"})
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @Operation(summary = "Ingest a batch of vault audit-log records",
            description = "Formats: azure-keyvault, hashicorp-vault, aws-cloudtrail, vigil. "
                    + "Body: a JSON array, JSON lines, or the format's envelope ({\"records\":[...]}, "
                    + "{\"Records\":[...]}, one or one per line). "
                    + "Answers once Kafka acknowledged every accepted record; "
                    + "invalid records are listed in 'rejected'. Content-Encoding gzip is accepted.")
    public Uni<IngestResult> ingest(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("format") String format, @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
            byte[] body) {
        rateLimiter.acquire(caller.getPrincipal().getName()).ifPresent(wait -> {
            throw new ProblemException(429, "rate-limited", "Too many requests",
                    "This client exceeded its request rate; retry after " + wait + " s", List.of(), (int) wait);
        });
        if (!tenancy.covers(subscriptionId)) {
            throw new ProblemException(403, "subscription-forbidden", "Subscription not allowed",
                    "This client may not ingest events for subscription '" + subscriptionId + "'");
        }
        // decoding and parsing up to 10 MB is CPU work: a worker does it; the wait for Kafka stays asynchronous.
        // The answer is handed back to this request's event loop: completing it from a worker or a Kafka thread
        // races the request's suspension and loses its request context under load.
        long maxDecoded = limits.maxDecodedBodySize().asLongValue();
        Context requestContext = Vertx.currentContext();
        return Uni.createFrom().item(() -> RequestBodies.decode(encoding, body, maxDecoded))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(decoded -> ingest.ingest(subscriptionId, format, decoded))
                .emitOn(task -> requestContext.runOnContext(ignored -> task.run()));
    }
}
