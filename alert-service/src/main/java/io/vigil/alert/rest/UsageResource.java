package io.vigil.alert.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.UsageService;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;

@Path("/api/v1/subscriptions/{subscriptionId}/usage")
@Tag(name = "Usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private static final String EXAMPLE = """
            {"subscriptionId": "sub-contoso", "from": "2026-11-20T00:00:00Z", "to": "2026-11-22T00:00:00Z",
             "granularity": "day", "total": 168,
             "buckets": [{"start": "2026-11-20T00:00:00Z", "transactions": 160},
                         {"start": "2026-11-21T00:00:00Z", "transactions": 8}]}""";

    private final UsageService usage;
    private final Tenancy tenancy;

    public UsageResource(UsageService usage, Tenancy tenancy) {
        this.usage = usage;
        this.tenancy = tenancy;
    }

    @GET
    @RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
    @Operation(summary = "Transactions (access events analysed) per hour or UTC day, with the total",
            description = "from/to are ISO-8601 instants, [from, to), truncated to whole buckets; by default the "
                    + "last 7 days by hour or 30 days by day. At most 31 days by hour, 366 by day. Hours are "
                    + "reported once detection-service closed them (late events included).")
    @APIResponse(responseCode = "200", description = "The series and its total", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "daily", value = EXAMPLE)))
    public Uni<UsageView> get(@PathParam("subscriptionId") String subscriptionId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("granularity") @DefaultValue("hour") String granularity) {
        tenancy.require(subscriptionId);
        UsageService.Granularity unit;
        if ("hour".equals(granularity)) {
            unit = UsageService.Granularity.HOUR;
        } else if ("day".equals(granularity)) {
            unit = UsageService.Granularity.DAY;
        } else {
            throw invalid("granularity", "is 'hour' or 'day'");
        }
        return usage.series(subscriptionId, instant("from", from), instant("to", to), unit).map(UsageView::of);
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(parameter, "is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    private static ProblemException invalid(String parameter, String message) {
        return new ProblemException(400, "invalid-parameter", "Invalid query parameter",
                "Query parameter '" + parameter + "' " + message, List.of(new Problem.Violation(parameter, message)),
                null);
    }
}
