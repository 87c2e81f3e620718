package io.vigil.alert.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonFormat;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.vigil.events.AlertStatus;

/**
 * A status change for every alert a filter matches. Unknown fields are refused (400) rather than ignored: a misspelt
 * filter would otherwise widen the change.
 */
public class BulkStatusChangeRequest {

    @Schema(required = true, description = "Which alerts: the list's filters; {} means every alert of the subscription")
    public Filter filter;
    @Schema(required = true, description = "The status to move them to")
    public AlertStatus status;
    @Schema(description = "Why, recorded in every alert's history (up to 4000 characters)")
    public String comment;
    @Schema(description = "Only count what would change; change nothing")
    public boolean dryRun;
    List<String> unknown = new ArrayList<>();

    @JsonAnySetter
    void unknown(String name, Object value) {
        unknown.add(name);
    }

    /** The list's filters, by the same names; each list also takes a single value. */
    public static class Filter {
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @Schema(description = "vault names or ids")
        public List<String> vault;
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @Schema(description = "alert types, e.g. KV_TORAccess")
        public List<String> type;
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        public List<String> severity;
        public String minSeverity;
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @Schema(description = "current statuses")
        public List<String> status;
        @Schema(description = "lastSeen at or after (ISO-8601)")
        public String from;
        @Schema(description = "lastSeen before (ISO-8601)")
        public String to;
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @Schema(description = "caller object ids, UPNs or application ids")
        public List<String> principal;
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @Schema(description = "client IP addresses or CIDR ranges")
        public List<String> ip;
        List<String> unknown = new ArrayList<>();

        @JsonAnySetter
        void unknown(String name, Object value) {
            unknown.add(name);
        }

        Map<String, List<String>> values() {
            Map<String, List<String>> values = new LinkedHashMap<>();
            put(values, AlertFilters.VAULT, vault);
            put(values, AlertFilters.TYPE, type);
            put(values, AlertFilters.SEVERITY, severity);
            put(values, AlertFilters.MIN_SEVERITY, minSeverity == null ? null : List.of(minSeverity));
            put(values, AlertFilters.STATUS, status);
            put(values, AlertFilters.FROM, from == null ? null : List.of(from));
            put(values, AlertFilters.TO, to == null ? null : List.of(to));
            put(values, AlertFilters.PRINCIPAL, principal);
            put(values, AlertFilters.IP, ip);
            return values;
        }

        private static void put(Map<String, List<String>> values, String name, List<String> value) {
            if (value != null) {
                values.put(name, value);
            }
        }
    }
}
