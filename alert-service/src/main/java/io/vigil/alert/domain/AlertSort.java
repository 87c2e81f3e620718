package io.vigil.alert.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How alert lists are ordered. Every order ends with the alert id, so the order is total: keyset pagination then
 * walks each alert exactly once, however many share a timestamp. All keys run in the requested direction.
 */
public enum AlertSort {
    /** Last activity (the default, newest first), then id. */
    LAST_SEEN("lastSeen"),
    /** When the alert began, then id. */
    FIRST_SEEN("firstSeen"),
    /** Severity (High first when descending), then last activity, then id. */
    SEVERITY("severity");

    private final String parameter;

    AlertSort(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    public static Optional<AlertSort> byParameter(String value) {
        return Arrays.stream(values()).filter(s -> s.parameter.equalsIgnoreCase(value.trim())).findFirst();
    }

    public static List<String> parameters() {
        return Arrays.stream(values()).map(AlertSort::parameter).toList();
    }
}
