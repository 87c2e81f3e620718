package io.vigil.alert.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.service.AlertService;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.events.AlertStatus;

@Path("/api/v1")
@Tag(name = "Alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
public class AlertResource {

    private static final int MAX_COMMENT = 4000;

    private final AlertService alerts;
    private final Tenancy tenancy;
    private final SecurityIdentity caller;

    public AlertResource(AlertService alerts, Tenancy tenancy, SecurityIdentity caller) {
        this.alerts = alerts;
        this.tenancy = tenancy;
        this.caller = caller;
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "Alerts of every subscription the token covers, newest activity first")
    public Uni<List<AlertView>> list(@QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1) {
            throw new ProblemException(400, "invalid-paging", "Invalid paging",
                    "page must be ≥ 0 and size ≥ 1 (query parameters 'page', 'size')");
        }
        return alerts.list(tenancy.visible(), parseStatus(status), page, size)
                .map(list -> list.stream().map(AlertView::of).toList());
    }

    @GET
    @Path("/subscriptions/{subscriptionId}/alerts/{alertId}")
    @Operation(summary = "One alert with its evidence, accessed secrets, remediation steps and status history",
            description = "The ETag is the alert's version; send it back as If-Match when changing the status.")
    public Uni<Response> get(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("alertId") String alertId) {
        tenancy.require(subscriptionId);
        return alerts.find(alertId)
                .map(alert -> {
                    if (alert == null || !alert.subscriptionId.equals(subscriptionId)) {
                        throw AlertService.notFound(subscriptionId, alertId);
                    }
                    return alert;
                })
                .chain(alert -> alerts.history(alert.id).map(history -> Response.ok(AlertView.of(alert,
                        history.stream().map(HistoryView::of).toList())).tag(etag(alert)).build()));
    }

    @POST
    @Path("/subscriptions/{subscriptionId}/alerts/{alertId}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Change an alert's status (Active, In progress, Resolved, Dismissed) with a comment",
            description = "Requires If-Match with the ETag of the version the decision was made on: 412 when the "
                    + "alert changed since, 428 without If-Match, 409 for a transition the lifecycle does not allow.")
    public Uni<Response> changeStatus(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("alertId") String alertId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            StatusChangeRequest change) {
        tenancy.require(subscriptionId);
        if (change == null || change.status() == null) {
            throw new ProblemException(400, "invalid-status-change", "Invalid status change",
                    "The body needs a 'status': one of " + List.of(AlertStatus.values()));
        }
        if (change.comment() != null && change.comment().length() > MAX_COMMENT) {
            throw new ProblemException(400, "invalid-status-change", "Invalid status change",
                    "'comment' is longer than " + MAX_COMMENT + " characters");
        }
        long expected = Versions.fromIfMatch(ifMatch);
        return alerts.changeStatus(subscriptionId, alertId, expected, change.status(), change.comment(),
                        caller.getPrincipal().getName())
                .map(alert -> Response.ok(AlertView.of(alert)).tag(etag(alert)).build());
    }

    private static EntityTag etag(Alert alert) {
        return new EntityTag(String.valueOf(alert.version));
    }

    private static AlertStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return AlertStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-status", "Invalid status",
                    "Query parameter 'status' must be one of " + List.of(AlertStatus.values()));
        }
    }
}
