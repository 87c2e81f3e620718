package io.vigil.notification.rest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.events.AlertEvent;
import io.vigil.notification.delivery.AlertProjection;
import io.vigil.notification.format.Payloads;

/**
 * Snapshot export: every current alert of a subscription (its latest version) in the formats of the streaming
 * export, each record marked as a snapshot. Streamed page by page from the projection, never built in memory.
 */
@Path("/api/v1/subscriptions/{subscriptionId}/export")
@Tag(name = "Export")
@RolesAllowed({"vigil-admin", "vigil-responder"})
public class SnapshotExportResource {

    enum Format {
        OCSF("application/json"), JSON("application/json"), CEF("text/plain; charset=utf-8");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private final AlertProjection alerts;
    private final Payloads payloads;
    private final ObjectMapper mapper;
    private final Tenancy tenancy;

    public SnapshotExportResource(AlertProjection alerts, Payloads payloads, ObjectMapper mapper, Tenancy tenancy) {
        this.alerts = alerts;
        this.payloads = payloads;
        this.mapper = mapper;
        this.tenancy = tenancy;
    }

    @GET
    // no @Produces: the format decides the media type, which the RestMulti sets
    @Operation(summary = "All current alerts of the subscription: format=ocsf (JSON array of OCSF Detection "
            + "Findings, unmapped.vigil.is_snapshot=true), json (JSON array of webhook payloads with isSnapshot) or "
            + "cef (one CEF line per alert, flexString1 isSnapshot=true)")
    public RestMulti<byte[]> export(@PathParam("subscriptionId") String subscriptionId,
            @QueryParam("format") @DefaultValue("ocsf") String format) {
        tenancy.require(subscriptionId);
        Format chosen = parse(format);
        Multi<AlertEvent> current = alerts.current(subscriptionId).map(this::read);
        Multi<byte[]> body = switch (chosen) {
            // each item of a non-JSON RestMulti is written with a line break after it: one CEF line per alert
            case CEF -> current.map(a -> payloads.cef(a, true).getBytes(StandardCharsets.UTF_8));
            case OCSF -> jsonArray(current.map(a -> payloads.bytes(payloads.ocsf(a, true))));
            case JSON -> jsonArray(current.map(a -> payloads.bytes(payloads.webhook(a, true))));
        };
        return RestMulti.fromMultiData(body)
                .encodeAsJsonArray(false)
                .header("Content-Type", chosen.mediaType)
                .header("Content-Disposition", "attachment; filename=\"vigil-" + subscriptionId.replaceAll(
                        "[^A-Za-z0-9._-]", "_") + "-alerts." + (chosen == Format.CEF ? "cef" : "json") + "\"")
                .build();
    }

    /** A JSON array, one element per line: {@code [a}, {@code ,b}, ..., {@code ]} (each followed by a line break). */
    private static Multi<byte[]> jsonArray(Multi<byte[]> items) {
        AtomicBoolean first = new AtomicBoolean(true);
        Multi<byte[]> separated = items.map(item -> {
            byte[] prefixed = new byte[item.length + 1];
            prefixed[0] = (byte) (first.getAndSet(false) ? '[' : ',');
            System.arraycopy(item, 0, prefixed, 1, item.length);
            return prefixed;
        });
        return Multi.createBy().concatenating().streams(separated,
                Multi.createFrom().deferred(() -> Multi.createFrom().item(
                        first.get() ? new byte[] {'[', ']'} : new byte[] {']'})));
    }

    private AlertEvent read(String event) {
        try {
            return mapper.readValue(event, AlertEvent.class);
        } catch (Exception e) {
            throw new IllegalStateException("a stored alert is unreadable", e);
        }
    }

    private static Format parse(String format) {
        try {
            return Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-format", "Unknown export format",
                    "format must be ocsf, json or cef, not '" + format + "'");
        }
    }
}
