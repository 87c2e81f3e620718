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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AuditLogService;
import io.vigil.common.security.Tenancy;

@Path("/api/v1/subscriptions/{subscriptionId}/audit-log")
@Tag(name = "Audit log")
@Produces(MediaType.APPLICATION_JSON)
public class AuditLogResource {

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
    public Uni<AuditLogView> get(@PathParam("subscriptionId") String subscriptionId,
            @QueryParam("kind") List<String> kind, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        tenancy.require(subscriptionId);
        List<String> kinds = kind == null ? List.of() : kind.stream().flatMap(k -> Arrays.stream(k.split(",")))
                .map(String::strip).filter(k -> !k.isEmpty()).distinct().toList();
        return log.page(subscriptionId, kinds, cursor, limit).map(page -> AuditLogView.of(page, json));
    }
}
