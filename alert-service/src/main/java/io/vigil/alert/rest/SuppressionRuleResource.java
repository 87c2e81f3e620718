package io.vigil.alert.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.alert.domain.RuleDefinition;
import io.vigil.alert.domain.SuppressionRule;
import io.vigil.alert.messaging.OutboxRelay;
import io.vigil.alert.service.Actor;
import io.vigil.alert.service.SuppressionRuleService;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.events.AlertType;

@Path("/api/v1/subscriptions/{subscriptionId}/suppression-rules")
@Tag(name = "Suppression rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
public class SuppressionRuleResource {

    private static final String EXAMPLE_RULE = """
            {"name": "pentest-scanner", "alertType": "KV_TORAccess",
             "conditions": [{"field": "ip.address", "in": ["185.220.101.0/24"]},
                            {"field": "principal.upn", "contains": "scanner"}],
             "reason": "SpecificEntityFalsePositive", "comment": "the weekly external pentest",
             "expiresAt": "2026-12-31T00:00:00Z", "state": "Enabled"}""";
    private static final String EXAMPLE_DRAFT = """
            {"alertType": "*", "conditions": [{"field": "principal.appId", "in": ["3f0c9a2e-backup-agent"]}]}""";

    private final SuppressionRuleService rules;
    private final Tenancy tenancy;
    private final SecurityIdentity caller;
    private final OutboxRelay relay;

    public SuppressionRuleResource(SuppressionRuleService rules, Tenancy tenancy, SecurityIdentity caller,
            OutboxRelay relay) {
        this.rules = rules;
        this.tenancy = tenancy;
        this.caller = caller;
        this.relay = relay;
    }

    @GET
    @Operation(summary = "The subscription's suppression rules by name",
            description = "alertType=X lists the rules that apply to X: those for X and those for every type ('*').")
    public Uni<List<SuppressionRuleView>> list(@PathParam("subscriptionId") String subscriptionId,
            @QueryParam("alertType") String alertType) {
        tenancy.require(subscriptionId);
        Instant now = Instant.now();
        return rules.list(subscriptionId, parseType(alertType))
                .map(list -> list.stream().map(rule -> SuppressionRuleView.of(rule, now)).toList());
    }

    @GET
    @Path("/{ruleId}")
    @Operation(summary = "One rule with its usage (suppressedCount, lastMatchedAt)",
            description = "The ETag is the rule's version; send it back as If-Match to change the rule.")
    public Uni<Response> get(@PathParam("subscriptionId") String subscriptionId, @PathParam("ruleId") String ruleId) {
        tenancy.require(subscriptionId);
        return rules.get(subscriptionId, ruleId).map(rule -> ok(rule).build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Create a rule that dismisses matching new alerts",
            description = "422 for an invalid rule or one that matches everything, 409 for a name already used. "
                    + "The change is audited and raised as a VIGIL_SuppressionRuleChanged alert.")
    public Uni<Response> create(@PathParam("subscriptionId") String subscriptionId,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "pentest", value = EXAMPLE_RULE))) RuleDefinition rule,
            @Context UriInfo uri, @Context HttpServerRequest request) {
        tenancy.require(subscriptionId);
        return rules.create(subscriptionId, rule, actor(request))
                .invoke(relay::kick)
                .map(created -> ok(created).status(Response.Status.CREATED)
                        .location(URI.create(uri.getPath() + "/" + created.id)).build());
    }

    @PUT
    @Path("/{ruleId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Replace a rule's definition (also how it is enabled, disabled or given a new expiry)",
            description = "Requires If-Match with the ETag of the version edited: 412 when it changed since, 428 "
                    + "without If-Match. Alerts the rule already dismissed are not touched.")
    public Uni<Response> update(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("ruleId") String ruleId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "pentest", value = EXAMPLE_RULE))) RuleDefinition rule,
            @Context HttpServerRequest request) {
        tenancy.require(subscriptionId);
        long expected = Versions.fromIfMatch(ifMatch);
        return rules.update(subscriptionId, ruleId, expected, rule, actor(request))
                .invoke(relay::kick)
                .map(updated -> ok(updated).build());
    }

    @DELETE
    @Path("/{ruleId}")
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Delete a rule; the alerts it dismissed stay dismissed",
            description = "If-Match is optional here; when sent, a stale version answers 412.")
    public Uni<Response> delete(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("ruleId") String ruleId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context HttpServerRequest request) {
        tenancy.require(subscriptionId);
        Long expected = ifMatch == null || ifMatch.isBlank() ? null : Versions.fromIfMatch(ifMatch);
        return rules.delete(subscriptionId, ruleId, expected, actor(request))
                .invoke(relay::kick)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{ruleId}/audit")
    @Operation(summary = "Every change of the rule, oldest first, with the definition before and after",
            description = "Served after the rule is deleted too.")
    public Uni<List<RuleAuditView>> audit(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("ruleId") String ruleId) {
        tenancy.require(subscriptionId);
        return rules.audit(subscriptionId, ruleId).map(list -> list.stream().map(RuleAuditView::of).toList());
    }

    @POST
    @Path("/simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Which existing alerts a draft rule would have dismissed; changes nothing",
            description = "Reads the alerts with activity in the last 'days' (default 30, at most 365). Name and "
                    + "reason may be left out of the draft.")
    public Uni<SimulationView> simulate(@PathParam("subscriptionId") String subscriptionId,
            @QueryParam("days") @DefaultValue("30") int days,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "backup agent", value = EXAMPLE_DRAFT))) RuleDefinition draft) {
        tenancy.require(subscriptionId);
        if (days < 1 || days > 365) {
            throw new ProblemException(400, "invalid-days", "Invalid days",
                    "Query parameter 'days' must be between 1 and 365");
        }
        return rules.simulate(subscriptionId, draft, days).map(SimulationView::of);
    }

    private Actor actor(HttpServerRequest request) {
        String subject = caller.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : null;
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(caller.getPrincipal().getName(), subject, ip, request.getHeader(HttpHeaders.USER_AGENT));
    }

    private static Response.ResponseBuilder ok(SuppressionRule rule) {
        return Response.ok(SuppressionRuleView.of(rule, Instant.now()))
                .tag(new EntityTag(String.valueOf(rule.version)));
    }

    private static AlertType parseType(String alertType) {
        if (alertType == null || alertType.isBlank() || SuppressionRule.ANY_TYPE.equals(alertType)) {
            return null;
        }
        try {
            return AlertType.valueOf(alertType.trim());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-alert-type", "Invalid alert type",
                    "Query parameter 'alertType' must be an alert type, e.g. " + AlertType.KV_TORAccess);
        }
    }
}
