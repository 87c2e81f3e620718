package io.vigil.alert.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.AlertSort;
import io.vigil.alert.domain.Keyset;
import io.vigil.alert.repository.AlertRepository;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;

/**
 * Opaque list cursors: where the last page ended (its sort key), for which query (sort, direction, a hash of the
 * subscription and filter), signed with HMAC-SHA256 under a key kept in the database (so every replica accepts
 * every other's cursors). A cursor that was edited, truncated, made for another query or another subscription is
 * refused with 400 naming {@code cursor}; the client starts again from the first page.
 */
@ApplicationScoped
public class AlertCursors {

    private static final String VERSION = "1";
    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final AlertRepository alerts;
    private volatile SecretKeySpec key;

    public AlertCursors(AlertRepository alerts) {
        this.alerts = alerts;
    }

    /** Loads the signing key once; call inside a session before {@link #encode} or {@link #decode}. */
    public Uni<Void> ready() {
        if (key != null) {
            return Uni.createFrom().voidItem();
        }
        return alerts.cursorSecret().invoke(secret -> key = new SecretKeySpec(
                secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).replaceWithVoid();
    }

    /** The hash of what a query lists: its subscription and filter. */
    public static String fingerprint(String subscriptionId, String canonicalFilter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((subscriptionId + '\u0000' + canonicalFilter)
                    .getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(Arrays.copyOf(digest, 12));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public String encode(AlertSort sort, boolean descending, String fingerprint, Keyset after) {
        String payload = String.join("|", VERSION, sort.parameter(), descending ? "d" : "a", fingerprint,
                String.valueOf(after.severityRank()), String.valueOf(micros(after.time())), after.id());
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(sign(bytes));
    }

    /** The keyset a cursor carries, after checking its signature and that it belongs to this very query. */
    public Keyset decode(String cursor, AlertSort sort, boolean descending, String fingerprint) {
        int dot = cursor.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(dot < 0 ? "" : cursor.substring(0, dot));
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid("it is not a cursor this API issued");
        }
        if (dot < 0 || !MessageDigest.isEqual(sign(payload), signature)) {
            throw invalid("it is not a cursor this API issued, or it was changed");
        }
        List<String> parts = Arrays.asList(new String(payload, StandardCharsets.UTF_8).split("\\|", -1));
        if (parts.size() != 7 || !VERSION.equals(parts.get(0))) {
            throw invalid("it is not a cursor this API issued");
        }
        if (!parts.get(1).equals(sort.parameter()) || !parts.get(2).equals(descending ? "d" : "a")) {
            throw invalid("it was issued for sort=" + parts.get(1) + "&order=" + ("d".equals(parts.get(2)) ? "desc"
                    : "asc") + "; keep the sort and order while paging");
        }
        if (!parts.get(3).equals(fingerprint)) {
            throw invalid("it was issued for other filters or another subscription; keep the filters while paging");
        }
        try {
            return new Keyset(Integer.parseInt(parts.get(4)), fromMicros(Long.parseLong(parts.get(5))), parts.get(6));
        } catch (NumberFormatException e) {
            throw invalid("it is not a cursor this API issued");
        }
    }

    private byte[] sign(byte[] payload) {
        if (key == null) {
            throw new IllegalStateException("cursor key not loaded: call ready() first");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static ProblemException invalid(String why) {
        return new ProblemException(400, "invalid-cursor", "Invalid cursor",
                "Query parameter 'cursor' is not valid: " + why,
                List.of(new Problem.Violation("cursor", why)), null);
    }

    /** PostgreSQL keeps microseconds; the cursor carries exactly what the database compares. */
    static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
