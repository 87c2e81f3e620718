package io.vigil.common.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure into problem+json. Unexpected errors are logged here with a reference the client also gets, so
 * a 500 never carries a stack trace or an internal message to the caller.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = respond(e.toProblem(uri.getPath()));
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return respond(Problem.of(400, "malformed-json", "Malformed JSON", "The body is not valid JSON" + where,
                uri.getPath())).build();
    }

    /** A well-formed body with a wrong value: name the field, e.g. {@code status}. */
    @ServerExceptionMapper
    public Response badValue(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
        String detail = field.isEmpty() ? "The body does not have the expected shape"
                : "Field '" + field + "' has a value of the wrong type or outside the allowed set";
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            detail += "; allowed: " + java.util.Arrays.toString(invalid.getTargetType().getEnumConstants());
        }
        return respond(Problem.of(400, "invalid-field", "Invalid field", detail, uri.getPath())
                .withErrors(field.isEmpty() ? java.util.List.of()
                        : java.util.List.of(new Problem.Violation(field, "invalid value"))))
                .build();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden",
                "The token lacks the role this operation needs", uri.getPath())).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed here";
            case 406 -> "No acceptable representation";
            case 415 -> "This content type is not supported here";
            default -> status >= 500 ? "The request could not be processed" : title;
        };
        return respond(Problem.of(status, slugOf(title), title, detail, uri.getPath())).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 200)
    public Response unexpected(Throwable e, UriInfo uri) {
        String reference = java.util.UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s (reference %s)", uri.getPath(), reference);
        return respond(Problem.of(500, "internal", "Internal error",
                "The request failed unexpectedly; quote reference " + reference + " to an operator", uri.getPath()))
                .build();
    }

    private static Response unauthenticated(UriInfo uri) {
        return respond(Problem.of(401, "unauthenticated", "Unauthenticated",
                "A valid bearer token is required", uri.getPath()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String slugOf(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
