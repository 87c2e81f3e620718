package io.vigil.alert.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.SettingsDraft;
import io.vigil.alert.domain.SubscriptionSettings;
import io.vigil.alert.service.SettingsService;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;

/**
 * The settings document and its sections. Every section shares the document's version (its ETag), so a change of
 * one section made on a stale view of the settings is refused like a change of the whole.
 */
@Path("/api/v1/subscriptions/{subscriptionId}/settings")
@Tag(name = "Subscription settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private static final String READERS = "any of vigil-viewer, vigil-responder, vigil-admin";
    private static final String IF_MATCH = " Requires If-Match with the settings' current ETag (\"0\" for the "
            + "defaults): 412 when stale, 428 without. Invalid values answer 422 naming each field by its path in the "
            + "settings document (e.g. exports[1].target). Published to vigil.config.v1 after commit; audited.";
    private static final String EXAMPLE_SETTINGS = """
            {"protectionEnabled": true, "trustedNetworks": ["10.20.0.0/16"],
             "detectionExceptions": [{"name": "resource-graph", "alertTypes": ["*"],
                                      "fields": {"principal.appId": ["ba8e4e0a-resource-graph"]}}],
             "notifications": {"enabled": true, "minimumSeverity": "MEDIUM",
                               "emails": ["soc@example.com"], "roles": ["vigil-admin"]},
             "exports": [{"name": "siem", "kind": "WEBHOOK", "target": "https://siem.example.com/hooks/vigil",
                          "minimumSeverity": "LOW", "alertTypes": [], "secretRef": "siem-hmac"}]}""";
    private static final String EXAMPLE_EXCEPTIONS = """
            [{"name": "backup-agent", "alertTypes": ["KV_OperationVolumeAnomaly", "KV_ListGetAnomaly"],
              "fields": {"principal.appId": ["3f0c9a2e-backup-agent"], "vault.name": ["kv-prod"]}}]""";
    private static final String EXAMPLE_NOTIFICATIONS = """
            {"enabled": true, "minimumSeverity": "HIGH", "emails": ["soc@example.com"], "roles": ["vigil-admin"]}""";
    private static final String EXAMPLE_EXPORTS = """
            [{"name": "siem", "kind": "SYSLOG_CEF", "target": "siem.example.com:6514", "minimumSeverity": "MEDIUM"},
             {"name": "soar", "kind": "WEBHOOK", "target": "https://soar.example.com/vigil", "secretRef": "soar-hmac"}]""";

    private final SettingsService settings;
    private final Tenancy tenancy;
    private final SecurityIdentity caller;

    public SettingsResource(SettingsService settings, Tenancy tenancy, SecurityIdentity caller) {
        this.settings = settings;
        this.tenancy = tenancy;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
    @Operation(summary = "The subscription's settings: plan, trusted networks, detection exceptions, "
            + "notifications and export destinations",
            description = "Version 0 means the defaults: protection on, nothing trusted or excepted, vigil-admin "
                    + "holders emailed about High alerts, nothing exported. The ETag is the version. Readable by "
                    + READERS + ".")
    public Uni<Response> get(@PathParam("subscriptionId") String subscriptionId) {
        return read(subscriptionId, SettingsView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("vigil-admin")
    @Operation(summary = "Replace the settings; ingest, detection and notification follow within seconds",
            description = "protectionEnabled and trustedNetworks are required; detectionExceptions, notifications "
                    + "and exports may be left out, and then stay as they are." + IF_MATCH)
    public Uni<Response> put(@PathParam("subscriptionId") String subscriptionId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "full", value = EXAMPLE_SETTINGS))) SettingsRequest request) {
        tenancy.require(subscriptionId);
        List<Problem.Violation> missing = new ArrayList<>();
        if (request == null || request.protectionEnabled() == null) {
            missing.add(new Problem.Violation("protectionEnabled", "is required"));
        }
        if (request == null || request.trustedNetworks() == null) {
            missing.add(new Problem.Violation("trustedNetworks", "is required (an empty list trusts nothing)"));
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(400, "invalid-settings", "Invalid settings", "Required fields are missing",
                    missing, null);
        }
        return settings.replace(subscriptionId, Versions.fromIfMatch(ifMatch), request.protectionEnabled(),
                request.trustedNetworks(), request.detectionExceptions(), request.notifications(), request.exports(),
                actor()).map(stored -> respond(stored, SettingsView::of));
    }

    @GET
    @Path("/detection-exceptions")
    @RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
    @Operation(summary = "The detection exceptions: activity detection-service never raises detections for",
            description = "The ETag is the settings' version. Readable by " + READERS + ".")
    public Uni<Response> getDetectionExceptions(@PathParam("subscriptionId") String subscriptionId) {
        return read(subscriptionId, s -> s.detectionExceptions.items());
    }

    @PUT
    @Path("/detection-exceptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("vigil-admin")
    @Operation(summary = "Replace the detection exceptions",
            description = "Each: a unique name, alert types (or \"*\"; not VIGIL_ types) and at least one field "
                    + "with the accepted values, all of which must hold. Fields: principal.objectId, principal.upn, "
                    + "principal.appId, principal.type, client.ip, vault.id, vault.name, operation.name, "
                    + "operation.kind, object.name." + IF_MATCH)
    public Uni<Response> putDetectionExceptions(@PathParam("subscriptionId") String subscriptionId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "backup agent", value = EXAMPLE_EXCEPTIONS)))
            List<SettingsDraft.ExceptionEntry> exceptions) {
        tenancy.require(subscriptionId);
        requireBody(exceptions);
        return settings.replaceDetectionExceptions(subscriptionId, Versions.fromIfMatch(ifMatch), exceptions,
                actor()).map(stored -> respond(stored, s -> s.detectionExceptions.items()));
    }

    @GET
    @Path("/notifications")
    @RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
    @Operation(summary = "Who is emailed about the subscription's alerts",
            description = "The ETag is the settings' version. Readable by " + READERS + ".")
    public Uni<Response> getNotifications(@PathParam("subscriptionId") String subscriptionId) {
        return read(subscriptionId, s -> s.notifications);
    }

    @PUT
    @Path("/notifications")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("vigil-admin")
    @Operation(summary = "Set who is emailed: addresses and holders of roles, from a minimum severity, or nobody",
            description = "enabled and minimumSeverity (INFORMATIONAL, LOW, MEDIUM, HIGH) are required; roles are "
                    + "Vigil roles. Enabled notifications need at least one address or role." + IF_MATCH)
    public Uni<Response> putNotifications(@PathParam("subscriptionId") String subscriptionId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "soc", value = EXAMPLE_NOTIFICATIONS)))
            SettingsDraft.Notifications notifications) {
        tenancy.require(subscriptionId);
        requireBody(notifications);
        return settings.replaceNotifications(subscriptionId, Versions.fromIfMatch(ifMatch), notifications, actor())
                .map(stored -> respond(stored, s -> s.notifications));
    }

    @GET
    @Path("/exports")
    @RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
    @Operation(summary = "The export destinations that receive every alert change as it happens",
            description = "The ETag is the settings' version. Readable by " + READERS + ".")
    public Uni<Response> getExports(@PathParam("subscriptionId") String subscriptionId) {
        return read(subscriptionId, s -> s.exports.items());
    }

    @PUT
    @Path("/exports")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("vigil-admin")
    @Operation(summary = "Replace the export destinations",
            description = "Each: a unique name; kind WEBHOOK (http(s) URL, secretRef required), SLACK (http(s) URL), "
                    + "SYSLOG_CEF (host:port) or KAFKA_OCSF (a topic, not a vigil.* one); optional minimumSeverity "
                    + "and alertTypes. secretRef names a signing secret configured in notification-service, never "
                    + "the secret itself." + IF_MATCH)
    public Uni<Response> putExports(@PathParam("subscriptionId") String subscriptionId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "siem and soar", value = EXAMPLE_EXPORTS)))
            List<SettingsDraft.Export> exports) {
        tenancy.require(subscriptionId);
        requireBody(exports);
        return settings.replaceExports(subscriptionId, Versions.fromIfMatch(ifMatch), exports, actor())
                .map(stored -> respond(stored, s -> s.exports.items()));
    }

    private Uni<Response> read(String subscriptionId, Function<SubscriptionSettings, Object> view) {
        tenancy.require(subscriptionId);
        return settings.get(subscriptionId).map(stored -> respond(stored, view));
    }

    private String actor() {
        return caller.getPrincipal().getName();
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw new ProblemException(400, "invalid-settings", "Invalid settings", "The request has no body");
        }
    }

    private static Response respond(SubscriptionSettings stored, Function<SubscriptionSettings, Object> view) {
        return Response.ok(view.apply(stored)).tag(new EntityTag(String.valueOf(stored.version))).build();
    }
}
