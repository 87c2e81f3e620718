package io.vigil.alert.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of a filtered alert list.
 *
 * @param total the alerts matching the filter, counted up to a bound (10,000 by default); present on the first
 *        page and with {@code includeTotal=true} or {@code exact}
 * @param totalExact false when more alerts match than {@code total} says (it is then the bound)
 * @param next the cursor of the following page, null on the last page
 * @param links {@code next}: the following page's path with the same filters
 */
public record AlertPageView(
        List<AlertSummaryView> items,
        int limit,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long total,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean totalExact,
        String next,
        Links links) {

    public record Links(@JsonInclude(JsonInclude.Include.NON_NULL) String next) {
    }
}
