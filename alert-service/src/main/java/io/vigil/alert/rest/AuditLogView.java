package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.alert.domain.AuditEntry;
import io.vigil.alert.service.AuditLogService;

/**
 * A page of the audit log, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last
 */
public record AuditLogView(List<Entry> items, String nextCursor) {

    /**
     * @param kind {@code alert-status}, {@code suppression-rule} or {@code settings}
     * @param targetId the alert, the rule, or the settings section that changed
     * @param before the target before the change ({@code {"status": ...}} for alerts, the rule's or the whole
     *        settings' definition otherwise); null when it was created
     */
    public record Entry(String kind, long id, Instant at, String actor, String action, String targetId,
            String targetName, String comment, JsonNode before, JsonNode after) {
    }

    static AuditLogView of(AuditLogService.Page page, ObjectMapper json) {
        return new AuditLogView(page.entries().stream().map(e -> new Entry(e.kind(), e.id(), e.at(), e.actor(),
                e.action(), e.targetId(), e.targetName(), e.comment(), tree(json, e.before()), tree(json, e.after())))
                .toList(), page.nextCursor());
    }

    private static JsonNode tree(ObjectMapper json, String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("An audit entry holds invalid JSON", e);
        }
    }
}
