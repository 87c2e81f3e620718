package io.vigil.alert.rest;

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

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AlertService;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.events.AlertStatus;

@Path("/api/v1")
@Tag(name = "Alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
public class AlertResource {

    private final AlertService alerts;
    private final Tenancy tenancy;

    public AlertResource(AlertService alerts, Tenancy tenancy) {
        this.alerts = alerts;
        this.tenancy = tenancy;
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
    @Operation(summary = "One alert with its evidence, accessed secrets and remediation steps")
    public Uni<AlertView> get(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("alertId") String alertId) {
        tenancy.require(subscriptionId);
        return alerts.find(alertId)
                .map(alert -> {
                    if (alert == null || !alert.subscriptionId.equals(subscriptionId)) {
                        throw new ProblemException(404, "alert-not-found", "Alert not found",
                                "No alert '" + alertId + "' in subscription '" + subscriptionId + "'");
                    }
                    return AlertView.of(alert);
                });
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
