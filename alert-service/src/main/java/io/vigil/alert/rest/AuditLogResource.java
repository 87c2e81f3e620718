package io.vigil.alert.rest;

import java.util.Arrays;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AuditLogService;
import io.vigil.common.security.Tenancy;

@Path("/api/v1/subscriptions/{subscriptionId}/audit-log")
@Tag(name = "Audit log")
@Produces(MediaType.APPLICATION_JSON)
public class AuditLogResource {

    private static final String EXAMPLE = """
            {"items": [
              {"kind": "alert-status", "id": 812, "at": "2026-11-21T09:14:03.512Z", "actor": "alice@contoso.com",
               "action": "STATUS_CHANGED", "targetId": "5f0c2a9d41b7e6c3a8d2f1e0b9c7a6d5",
               "targetName": "Access from a TOR exit node to a key vault", "comment": "rotating the secrets",
               "before": {"status": "ACTIVE"}, "after": {"status": "IN_PROGRESS"}},
              {"kind": "suppression-rule", "id": 40, "at": "2026-11-21T08:02:11.001Z", "actor": "bob@contoso.com",
               "action": "CREATED", "targetId": "0d7c3c52-8a53-4c61-9a0c-2f2b8f7f3f10", "targetName": "pentest-scanner",
               "comment": "the weekly external pentest", "before": null,
               "after": {"name": "pentest-scanner", "alertType": "KV_TORAccess", "state": "Enabled"}}],
             "nextCursor": "MjAyNi0xMS0yMVQwODowMjoxMS4wMDFafHN1cHByZXNzaW9uLXJ1bGV8NDA"}""";

    private final AuditLogService log;
    private final Tenancy tenancy;
    private final ObjectMapper json;

    public AuditLogResource(AuditLogService log, Tenancy tenancy, ObjectMapper json) {
        this.log = log;
        this.tenancy = tenancy;
        this.json = json;
    }

    @GET
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Who changed what in the subscription, newest first",
            description = "Alert status changes (kind alert-status, including dismissals by suppression rules), "
                    + "suppression-rule changes (suppression-rule) and settings changes (settings), with the state "
                    + "before and after. kind filters (repeat it or separate with commas); limit 1-200 (default 50); "
                    + "cursor is the previous page's nextCursor. Responders and administrators only: it shows "
                    + "every actor's decisions.")
    @APIResponse(responseCode = "200", description = "A page of the log", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = EXAMPLE)))
    public Uni<AuditLogView> get(@PathParam("subscriptionId") String subscriptionId,
            @QueryParam("kind") List<String> kind, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        tenancy.require(subscriptionId);
        List<String> kinds = kind == null ? List.of() : kind.stream().flatMap(k -> Arrays.stream(k.split(",")))
                .map(String::strip).filter(k -> !k.isEmpty()).distinct().toList();
        return log.page(subscriptionId, kinds, cursor, limit).map(page -> AuditLogView.of(page, json));
    }
}
