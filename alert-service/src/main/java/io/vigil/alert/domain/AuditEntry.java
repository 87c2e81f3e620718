package io.vigil.alert.domain;

import java.time.Instant;

/**
 * One entry of a subscription's audit log, whichever trail it comes from.
 *
 * @param kind {@code alert-status}, {@code suppression-rule} or {@code settings}
 * @param id the entry's id within its kind
 * @param action what happened: {@code STATUS_CHANGED}; a rule's {@code CREATED}, {@code UPDATED}, {@code ENABLED},
 *        {@code DISABLED}, {@code DELETED}; {@code UPDATED} for settings
 * @param targetId the alert id, the rule id, or the settings section that changed
 * @param targetName the alert's display name, the rule's name, or the settings version the change produced
 * @param before what the target was before, as JSON (null when created)
 * @param after what it became, as JSON (null when deleted)
 */
public record AuditEntry(String kind, long id, Instant at, String actor, String action, String targetId,
        String targetName, String comment, String before, String after) {

    public static final String ALERT_STATUS = "alert-status";
    public static final String SUPPRESSION_RULE = "suppression-rule";
    public static final String SETTINGS = "settings";
    /** In the log's order among entries of the same time. */
    public static final java.util.List<String> KINDS = java.util.List.of(ALERT_STATUS, SETTINGS, SUPPRESSION_RULE);

    /** Where a page ended: the log continues after this entry. */
    public record Position(Instant at, String kind, long id) {
    }

    public Position position() {
        return new Position(at, kind, id);
    }
}
