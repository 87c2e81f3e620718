package io.vigil.alert.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertFilter;
import io.vigil.alert.domain.AlertSort;
import io.vigil.alert.messaging.OutboxRelay;
import io.vigil.alert.service.AlertQueryService;
import io.vigil.alert.service.AlertQueryService.BulkResult;
import io.vigil.alert.service.AlertQueryService.Statistics;
import io.vigil.alert.service.AlertService;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;
import io.vigil.common.security.Tenancy;
import io.vigil.events.AlertStatus;

@Path("/api/v1")
@Tag(name = "Alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"vigil-viewer", "vigil-responder", "vigil-admin"})
public class AlertResource {

    private static final int MAX_COMMENT = 4000;
    private static final int DEFAULT_LIMIT = 50;
    private static final Duration DEFAULT_STATISTICS_RANGE = Duration.ofDays(30);
    private static final Duration MAX_STATISTICS_RANGE = Duration.ofDays(366);
    private static final Set<String> LIST_PARAMETERS = union(AlertFilters.NAMES,
            Set.of("sort", "order", "limit", "cursor", "includeTotal"));

    static final String EXAMPLE_PAGE = """
            {"items": [{"id": "5f1c0d3a9b7e4c2a8d6f0e1b2c3d4e5f", "version": 3, "subscriptionId": "contoso-prod",
                        "alertType": "KV_TORAccess", "displayName": "Access from a TOR exit node to a key vault",
                        "severity": "MEDIUM", "status": "ACTIVE",
                        "vault": {"id": "/subscriptions/contoso-prod/providers/microsoft.keyvault/vaults/kv-prod",
                                  "name": "kv-prod"},
                        "principal": {"type": "USER", "objectId": "8d2f6c1e-0000-4000-8000-000000000001",
                                      "upn": "mallory@contoso.com", "appId": null, "displayName": null},
                        "client": {"ip": "185.220.101.45", "userAgent": "curl/8.5.0"},
                        "ip": {"tor": true, "threatLists": [], "trustedNetwork": false, "isPrivate": false},
                        "firstSeen": "2026-11-20T10:15:00Z", "lastSeen": "2026-11-20T10:16:00Z",
                        "detectionCount": 2, "objectCount": 2,
                        "summary": "mallory@contoso.com read secret db-password in vault kv-prod from 185.220.101.45, a Tor exit node.",
                        "suppressedBy": null, "updatedAt": "2026-11-20T10:16:01Z"}],
             "limit": 50, "total": 1, "totalExact": true, "next": null, "links": {}}""";
    static final String EXAMPLE_PAGE_WITH_NEXT = """
            {"items": ["…50 alerts…"], "limit": 50, "total": 10000, "totalExact": false,
             "next": "MXxsYXN0U2VlbnxkfGJ6RkVyX3dGS0FJNWxJUkh8MnwxNzYzNjMzNzYwMDAwMDAwfDVmMWMwZDNh.u1q2MxJ9nWm3bq0u7X1x2w",
             "links": {"next": "/api/v1/subscriptions/contoso-prod/alerts?status=ACTIVE&cursor=MXxsYXN0U2VlbnxkfGJ6RkVyX3dGS0FJNWxJUkh8MnwxNzYzNjMzNzYwMDAwMDAwfDVmMWMwZDNh.u1q2MxJ9nWm3bq0u7X1x2w"}}""";
    static final String EXAMPLE_BAD_PARAMETER = """
            {"type": "https://vigil.io/problems/invalid-parameter", "title": "Invalid parameter", "status": 400,
             "detail": "Invalid parameter 'severity': 'CRITICAL' is not one of [INFORMATIONAL, LOW, MEDIUM, HIGH]",
             "instance": "/api/v1/subscriptions/contoso-prod/alerts",
             "errors": [{"location": "severity", "message": "'CRITICAL' is not one of [INFORMATIONAL, LOW, MEDIUM, HIGH]"}]}""";
    static final String EXAMPLE_BAD_CURSOR = """
            {"type": "https://vigil.io/problems/invalid-cursor", "title": "Invalid cursor", "status": 400,
             "detail": "Query parameter 'cursor' is not valid: it is not a cursor this API issued, or it was changed",
             "instance": "/api/v1/subscriptions/contoso-prod/alerts",
             "errors": [{"location": "cursor", "message": "it is not a cursor this API issued, or it was changed"}]}""";
    static final String EXAMPLE_NOT_FOUND = """
            {"type": "https://vigil.io/problems/subscription-not-found", "title": "Subscription not found",
             "status": 404, "detail": "No subscription 'fabrikam' is visible to this token",
             "instance": "/api/v1/subscriptions/fabrikam/alerts"}""";
    static final String EXAMPLE_FORBIDDEN = """
            {"type": "https://vigil.io/problems/forbidden", "title": "Forbidden", "status": 403,
             "detail": "The token lacks the role this operation needs",
             "instance": "/api/v1/subscriptions/contoso-prod/alerts/status"}""";
    static final String EXAMPLE_STATISTICS = """
            {"from": "2026-11-18T00:00:00Z", "to": "2026-11-21T00:00:00Z", "total": 42,
             "bySeverity": {"HIGH": 0, "MEDIUM": 30, "LOW": 12, "INFORMATIONAL": 0},
             "byType": {"KV_TORAccess": 20, "KV_UserAnomaly": 10, "KV_UserAccessDeniedAnomaly": 12},
             "byStatus": {"ACTIVE": 25, "IN_PROGRESS": 5, "RESOLVED": 10, "DISMISSED": 2},
             "byDay": [{"day": "2026-11-18", "count": 10}, {"day": "2026-11-19", "count": 0},
                       {"day": "2026-11-20", "count": 32}]}""";
    static final String EXAMPLE_BULK = """
            {"filter": {"vault": "kv-prod", "type": ["KV_TORAccess"], "principal": "scanner@contoso.com",
                        "status": ["ACTIVE", "IN_PROGRESS"]},
             "status": "RESOLVED", "comment": "the weekly external pentest; confirmed with the red team"}""";
    static final String EXAMPLE_BULK_RESULT = """
            {"matched": 120, "changed": 100, "skipped": 20, "skippedByStatus": {"RESOLVED": 15, "DISMISSED": 5},
             "remaining": 0, "limit": 10000, "dryRun": false}""";

    private final AlertService alerts;
    private final AlertQueryService queries;
    private final Tenancy tenancy;
    private final SecurityIdentity caller;
    private final OutboxRelay relay;

    public AlertResource(AlertService alerts, AlertQueryService queries, Tenancy tenancy, SecurityIdentity caller,
            OutboxRelay relay) {
        this.alerts = alerts;
        this.queries = queries;
        this.tenancy = tenancy;
        this.caller = caller;
        this.relay = relay;
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "Alerts of every subscription the token covers, newest activity first (an overview)",
            description = "Full alert views, paged by page number (size ≤ vigil.alert.max-page-size), across all "
                    + "subscriptions the token's 'subscriptions' claim names (every one for '*'). For filters, "
                    + "cursor pagination and totals use GET /api/v1/subscriptions/{subscriptionId}/alerts.")
    @APIResponse(responseCode = "200", description = "The alerts, a JSON array")
    @APIResponse(responseCode = "400", description = "Bad status or paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<AlertView>> list(
            @Parameter(description = "Only alerts in this status", example = "ACTIVE") @QueryParam("status") String status,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Page size") @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1) {
            throw new ProblemException(400, "invalid-paging", "Invalid paging",
                    "page must be ≥ 0 and size ≥ 1 (query parameters 'page', 'size')");
        }
        return alerts.list(tenancy.visible(), parseStatus(status), page, size)
                .map(list -> list.stream().map(AlertView::of).toList());
    }

    @GET
    @Path("/subscriptions/{subscriptionId}/alerts")
    @Operation(summary = "List a subscription's alerts: filters, sort, cursor pagination and totals",
            description = """
                    Filters (each may repeat; values of one filter are alternatives, different filters all hold): \
                    vault (name or id), type, severity or minSeverity, status, from/to (last activity), principal \
                    (object id, UPN or app id), ip (address or CIDR). Sort by lastSeen (default), firstSeen or \
                    severity (then lastSeen), order desc (default) or asc; ties are broken by the alert id, so \
                    paging visits each alert exactly once. Pages hold up to 'limit' (1–200, default 50) alerts; \
                    'next' is an opaque, signed cursor for the following page (pass it with the same filters and \
                    sort), null on the last page. 'total' counts the matches up to 10,000 (vigil.alert.query.total-limit; \
                    'totalExact' is false beyond it), so the first page costs the same however many match: on the \
                    first page, or on any page with includeTotal=true; includeTotal=false skips it, \
                    includeTotal=exact counts every match. Unknown parameters are refused (400).""")
    @APIResponse(responseCode = "200", description = "A page of alert summaries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AlertPageView.class),
                    examples = {@ExampleObject(name = "last page", value = EXAMPLE_PAGE),
                            @ExampleObject(name = "more pages", value = EXAMPLE_PAGE_WITH_NEXT)}))
    @APIResponse(responseCode = "400", description = "A filter, sort, limit or cursor that cannot be used; "
            + "'errors[].location' names the parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = {@ExampleObject(name = "bad severity", value = EXAMPLE_BAD_PARAMETER),
                            @ExampleObject(name = "tampered cursor", value = EXAMPLE_BAD_CURSOR)}))
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "No Vigil role")
    @APIResponse(responseCode = "404", description = "The token does not cover this subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "other tenant", value = EXAMPLE_NOT_FOUND)))
    public Uni<Response> listOfSubscription(@PathParam("subscriptionId") String subscriptionId,
            // the query parameters are declared for the OpenAPI document; their values are read from UriInfo,
            // which also keeps empty ones and tells which unknown ones were sent
            @BeanParam AlertFilterParams filterParams,
            @Parameter(description = "lastSeen (default), firstSeen or severity",
                    schema = @Schema(enumeration = {"lastSeen", "firstSeen", "severity"})) @QueryParam("sort") String sort,
            @Parameter(description = "desc (default) or asc", schema = @Schema(enumeration = {"desc", "asc"}))
            @QueryParam("order") String order,
            @Parameter(description = "Page size, 1–200 (default 50)", example = "50") @QueryParam("limit") String limit,
            @Parameter(description = "The previous page's 'next'") @QueryParam("cursor") String cursor,
            @Parameter(description = "true: count the matches up to 10,000 (the default on the first page), false: "
                    + "do not count, exact: count them all however many (costs time in proportion)",
                    schema = @Schema(enumeration = {"true", "false", "exact"}))
            @QueryParam("includeTotal") String includeTotal,
            @Context UriInfo uri) {
        tenancy.require(subscriptionId);
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        AlertFilters reader = AlertFilters.reading("");
        reader.unknown(query.keySet(), LIST_PARAMETERS);
        AlertFilter filter = reader.parse(query);
        AlertSort sortBy = AlertSort.LAST_SEEN;
        String sortValue = single(reader, query, "sort");
        if (sortValue != null) {
            sortBy = AlertSort.byParameter(sortValue).orElse(null);
            if (sortBy == null) {
                reader.error("sort", "'" + AlertFilters.shorten(sortValue) + "' is not one of "
                        + AlertSort.parameters());
            }
        }
        boolean descending = true;
        String orderValue = single(reader, query, "order");
        if (orderValue != null) {
            String o = orderValue.trim().toLowerCase(Locale.ROOT);
            if (!o.equals("asc") && !o.equals("desc")) {
                reader.error("order", "'" + AlertFilters.shorten(orderValue) + "' is neither asc nor desc");
            }
            descending = !o.equals("asc");
        }
        int size = DEFAULT_LIMIT;
        String limitValue = single(reader, query, "limit");
        if (limitValue != null) {
            try {
                size = Integer.parseInt(limitValue.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > AlertQueryService.MAX_LIMIT) {
                reader.error("limit", "must be a whole number from 1 to " + AlertQueryService.MAX_LIMIT);
            }
        }
        AlertQueryService.Total total = null;
        String totalValue = single(reader, query, "includeTotal");
        if (totalValue != null) {
            total = switch (totalValue.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> AlertQueryService.Total.BOUNDED;
                case "false" -> AlertQueryService.Total.NONE;
                case "exact" -> AlertQueryService.Total.EXACT;
                default -> {
                    reader.error("includeTotal", "must be true, false or exact");
                    yield null;
                }
            };
        }
        String cursorValue = single(reader, query, "cursor");
        if (cursorValue != null && cursorValue.isBlank()) {
            reader.error("cursor", "must not be empty");
        }
        reader.check();
        int pageSize = size;
        AlertQueryService.ListRequest request = new AlertQueryService.ListRequest(filter, sortBy, descending, size,
                cursorValue, total);
        return queries.list(subscriptionId, request).map(page -> {
            String nextLink = page.next() == null ? null : nextLink(uri, page.next());
            Response.ResponseBuilder response = Response.ok(new AlertPageView(
                    page.alerts().stream().map(AlertSummaryView::of).toList(), pageSize, page.total(), page.totalExact(),
                    page.next(),
                    new AlertPageView.Links(nextLink)));
            if (nextLink != null) {
                response.header(HttpHeaders.LINK, "<" + nextLink + ">; rel=\"next\"");
            }
            return response.build();
        });
    }

    @GET
    @Path("/subscriptions/{subscriptionId}/alerts/statistics")
    @Operation(summary = "Counts of alerts by severity, type, status and day",
            description = "Alerts whose last activity lies in [from, to) (default: the last 30 days; at most 366 "
                    + "days), narrowed by the list's other filters, so 'total' equals the list's total for the same "
                    + "parameters. byDay has every UTC day of the range (by lastSeen), quiet days as 0; byType only "
                    + "the types that occurred, most frequent first.")
    @APIResponse(responseCode = "200", description = "The counts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Statistics.class),
                    examples = @ExampleObject(name = "three days", value = EXAMPLE_STATISTICS)))
    @APIResponse(responseCode = "400", description = "A bad filter or a range over 366 days",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "bad severity", value = EXAMPLE_BAD_PARAMETER)))
    @APIResponse(responseCode = "404", description = "The token does not cover this subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "other tenant", value = EXAMPLE_NOT_FOUND)))
    public Uni<Statistics> statistics(@PathParam("subscriptionId") String subscriptionId,
            // the query parameters are declared for the OpenAPI document; their values are read from UriInfo,
            // which also keeps empty ones and tells which unknown ones were sent
            @BeanParam AlertFilterParams filterParams, @Context UriInfo uri) {
        tenancy.require(subscriptionId);
        AlertFilters reader = AlertFilters.reading("");
        reader.unknown(uri.getQueryParameters().keySet(), AlertFilters.NAMES);
        AlertFilter filter = reader.parse(uri.getQueryParameters());
        reader.check();
        Instant to = filter.to() != null ? filter.to() : Instant.now();
        Instant from = filter.from() != null ? filter.from() : to.minus(DEFAULT_STATISTICS_RANGE);
        if (!from.isBefore(to)) {
            reader.error("from", "'from' must be before 'to' (default: now)");
        } else if (Duration.between(from, to).compareTo(MAX_STATISTICS_RANGE) > 0) {
            reader.error("from", "the range may span at most 366 days");
        }
        reader.check();
        return queries.statistics(subscriptionId, filter.withTime(from, to));
    }

    @POST
    @Path("/subscriptions/{subscriptionId}/alerts/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"vigil-responder", "vigil-admin"})
    @Operation(summary = "Change the status of every alert a filter matches",
            description = """
                    The filter takes the list's filters by the same names ({} = every alert of the subscription). \
                    Each matching alert whose lifecycle allows the target status changes exactly as a single \
                    change does: new version, a history entry with the caller and the comment, and an event on \
                    vigil.alerts.v1 through the outbox. The others are skipped and counted by status. At most \
                    10,000 alerts change per call (vigil.alert.bulk.max-alerts), in one transaction; 'remaining' \
                    says how many more could change, and calling again continues. dryRun=true only counts.""")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BulkStatusChangeRequest.class),
            examples = @ExampleObject(name = "resolve a pentest's alerts", value = EXAMPLE_BULK)))
    @APIResponse(responseCode = "200", description = "What changed and what was skipped",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BulkResult.class),
                    examples = @ExampleObject(name = "result", value = EXAMPLE_BULK_RESULT)))
    @APIResponse(responseCode = "400", description = "A missing or bad filter, status or comment; unknown fields",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "bad severity", value = EXAMPLE_BAD_PARAMETER)))
    @APIResponse(responseCode = "403", description = "Neither vigil-responder nor vigil-admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "viewer", value = EXAMPLE_FORBIDDEN)))
    @APIResponse(responseCode = "404", description = "The token does not cover this subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "other tenant", value = EXAMPLE_NOT_FOUND)))
    public Uni<BulkResult> changeStatusOfMany(@PathParam("subscriptionId") String subscriptionId,
            BulkStatusChangeRequest change) {
        tenancy.require(subscriptionId);
        AlertFilters reader = AlertFilters.reading("filter.");
        if (change == null) {
            throw AlertFilters.invalid(List.of(new Problem.Violation("filter", "the body needs a 'filter' and a "
                    + "'status'")));
        }
        for (String name : change.unknown) {
            reader.errors().add(new Problem.Violation(name, "unknown field; known: [comment, dryRun, filter, status]"));
        }
        if (change.filter == null) {
            reader.errors().add(new Problem.Violation("filter", "required: which alerts ({} for every alert)"));
        }
        if (change.status == null) {
            reader.errors().add(new Problem.Violation("status", "required: one of " + List.of(AlertStatus.values())));
        }
        if (change.comment != null && change.comment.length() > MAX_COMMENT) {
            reader.errors().add(new Problem.Violation("comment", "longer than " + MAX_COMMENT + " characters"));
        }
        AlertFilter filter = AlertFilter.NONE;
        if (change.filter != null) {
            reader.unknown(new HashSet<>(change.filter.unknown), AlertFilters.NAMES);
            filter = reader.parse(change.filter.values());
        }
        reader.check();
        return queries.changeStatus(subscriptionId, filter, change.status, change.comment,
                caller.getPrincipal().getName(), change.dryRun).invoke(result -> {
                    if (result.changed() > 0 && !result.dryRun()) {
                        relay.kick();
                    }
                });
    }

    @GET
    @Path("/subscriptions/{subscriptionId}/alerts/{alertId}")
    @Operation(summary = "One alert with its evidence, accessed secrets, remediation steps and status history",
            description = "The ETag is the alert's version; send it back as If-Match when changing the status.")
    @APIResponse(responseCode = "200", description = "The alert",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "404", description = "No such alert in a subscription the token covers",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
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
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "take it", value = "{\"status\": \"IN_PROGRESS\", "
                    + "\"comment\": \"calling the app owner\"}")))
    @APIResponse(responseCode = "200", description = "The changed alert; ETag = its new version")
    @APIResponse(responseCode = "409", description = "The lifecycle does not allow this change",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "412", description = "The alert changed since the If-Match version",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
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
                .invoke(relay::kick)
                .map(alert -> Response.ok(AlertView.of(alert)).tag(etag(alert)).build());
    }

    /** The one value of a parameter that must not repeat; null when absent. */
    private static String single(AlertFilters reader, MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            reader.error(name, "give it once");
        }
        return values.get(0) == null ? "" : values.get(0);
    }

    /** The same request with the next page's cursor: path and query, relative to the server. */
    private static String nextLink(UriInfo uri, String next) {
        java.net.URI target = jakarta.ws.rs.core.UriBuilder.fromUri(uri.getRequestUri())
                .replaceQueryParam("cursor", next).build();
        return target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
