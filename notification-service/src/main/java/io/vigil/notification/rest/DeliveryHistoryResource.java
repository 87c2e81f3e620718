package io.vigil.notification.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.notification.delivery.AlertProjection;
import io.vigil.notification.delivery.LedgerStore;

/** Who got what about an alert, when, and what became of it: the ledger, for the subscription's admins. */
@Path("/api/v1/subscriptions/{subscriptionId}/alerts/{alertId}/deliveries")
@Tag(name = "Deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("vigil-admin")
public class DeliveryHistoryResource {

    private final LedgerStore ledger;
    private final AlertProjection alerts;
    private final Tenancy tenancy;

    public DeliveryHistoryResource(LedgerStore ledger, AlertProjection alerts, Tenancy tenancy) {
        this.ledger = ledger;
        this.alerts = alerts;
        this.tenancy = tenancy;
    }

    /**
     * One delivery. {@code status}: PENDING (claimed, being sent), SENT, RETRYING (the last attempt failed:
     * {@code reason}; next at {@code nextAttemptAt}), FAILED (given up: {@code reason}), THROTTLED (held back by the
     * address's daily limit), SUMMARISED (held back, then listed by delivery {@code summarisedBy}).
     *
     * @param channel email, webhook, slack, syslog, kafka (a subscription's topic) or ocsf (the service-wide topic)
     * @param destination the email address, the export destination's name, or the service-wide topic
     * @param followUp an email in the alert's thread about a later version
     */
    public record DeliveryView(long id, long alertVersion, String channel, String destination, boolean followUp,
            String status, Instant claimedAt, Instant sentAt, int attempts, Instant lastAttemptAt,
            Instant nextAttemptAt, String reason, Long summarisedBy, Instant summarisedAt) {

        static DeliveryView of(LedgerStore.Entry e) {
            String status = "CLAIMED".equals(e.status()) ? "PENDING" : e.status();
            boolean waiting = "PENDING".equals(status) || "RETRYING".equals(status);
            return new DeliveryView(e.id(), e.alertVersion(), e.channel(), e.recipient(), e.followUp(), status,
                    e.claimedAt(), e.sentAt(), e.attempts(), e.lastAttemptAt(), waiting ? e.nextAttemptAt() : null,
                    e.reason(), e.summarisedBy(), e.summarisedAt());
        }
    }

    public record History(String subscriptionId, String alertId, List<DeliveryView> deliveries) {
    }

    @GET
    @Operation(summary = "Delivery history of one alert: every email, webhook, syslog and Kafka delivery of every "
            + "version, with status, attempts and why it was throttled or failed")
    public Uni<History> history(@PathParam("subscriptionId") String subscriptionId,
            @PathParam("alertId") String alertId) {
        tenancy.require(subscriptionId);
        return alerts.exists(subscriptionId, alertId)
                .chain(exists -> {
                    if (!exists) {
                        throw new ProblemException(404, "alert-not-found", "Alert not found",
                                "No alert '" + alertId + "' in subscription '" + subscriptionId + "'");
                    }
                    return ledger.history(subscriptionId, alertId);
                })
                .map(entries -> new History(subscriptionId, alertId, entries.stream().map(DeliveryView::of).toList()));
    }
}
