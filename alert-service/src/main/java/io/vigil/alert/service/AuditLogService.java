package io.vigil.alert.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.AuditEntry;
import io.vigil.alert.repository.AuditLogRepository;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;

/** A subscription's audit trail across alert status changes, suppression-rule changes and settings changes. */
@ApplicationScoped
public class AuditLogService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** A page and the cursor of the next one (null on the last page). */
    public record Page(List<AuditEntry> entries, String nextCursor) {
    }

    private final AuditLogRepository log;

    public AuditLogService(AuditLogRepository log) {
        this.log = log;
    }

    /**
     * @param kinds the kinds to include, empty for all
     * @param cursor a previous page's {@code nextCursor}, or null for the newest entries
     */
    public Uni<Page> page(String subscriptionId, List<String> kinds, String cursor, int limit) {
        for (String kind : kinds) {
            if (!AuditEntry.KINDS.contains(kind)) {
                throw new ProblemException(400, "invalid-kind", "Invalid kind",
                        "Query parameter 'kind' takes " + AuditEntry.KINDS,
                        List.of(new Problem.Violation("kind", "'" + kind + "' is not one of " + AuditEntry.KINDS)),
                        null);
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(400, "invalid-limit", "Invalid limit",
                    "Query parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        AuditEntry.Position after = cursor == null || cursor.isBlank() ? null : decode(cursor);
        // one more than asked tells whether a next page exists without counting the trails
        return log.page(subscriptionId, kinds.isEmpty() ? AuditEntry.KINDS : kinds, after, limit + 1).map(rows -> {
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<AuditEntry> page = rows.subList(0, limit);
            return new Page(List.copyOf(page), encode(page.get(limit - 1).position()));
        });
    }

    static String encode(AuditEntry.Position position) {
        String text = position.at() + "|" + position.kind() + "|" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static AuditEntry.Position decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !AuditEntry.KINDS.contains(parts[1])) {
                throw new IllegalArgumentException("malformed");
            }
            return new AuditEntry.Position(Instant.parse(parts[0]), parts[1], Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new ProblemException(400, "invalid-cursor", "Invalid cursor",
                    "Query parameter 'cursor' must be a nextCursor this endpoint returned");
        }
    }
}
