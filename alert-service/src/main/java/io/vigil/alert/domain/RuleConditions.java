package io.vigil.alert.domain;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rule's conditions, all of which must hold. Stored as {@code {"allOf": [...]}} because Hibernate Reactive maps a
 * JSON object column, not a top-level array.
 */
public record RuleConditions(List<Condition> allOf) {

    public RuleConditions {
        allOf = allOf == null ? List.of() : List.copyOf(allOf);
    }

    /**
     * One condition over an entity field of the alert: {@code in} (equals one of the values; for {@code ip.address}
     * an address or CIDR range) or {@code contains} (a substring). Exactly one of the two is set.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String field, List<String> in, String contains) {

        public static Condition in(String field, String... values) {
            return new Condition(field, List.of(values), null);
        }

        public static Condition contains(String field, String text) {
            return new Condition(field, null, text);
        }
    }
}
