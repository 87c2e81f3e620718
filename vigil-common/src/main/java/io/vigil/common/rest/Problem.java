package io.vigil.common.rest;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail: what was wrong and where, never how the server is built.
 *
 * @param type a stable URI naming the kind of problem, for clients to branch on
 * @param instance the request path the problem occurred on
 * @param errors the individual violations, each naming where (a field, a record index) and what
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record Problem(URI type, String title, int status, String detail, String instance, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://vigil.io/problems/";

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, instance, List.of());
    }

    public Problem withErrors(List<Violation> violations) {
        return new Problem(type, title, status, detail, instance, List.copyOf(violations));
    }

    /** @param location where: a JSON pointer, a query parameter, or {@code records[3].time} */
    @RegisterForReflection
    public record Violation(String location, String message) {
    }
}
