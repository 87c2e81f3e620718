package io.vigil.events;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids derived from content, so that a replayed record, detection or alert state gets the id it had the first time and
 * every consumer can drop the duplicate.
 */
public final class DeterministicId {

    private DeterministicId() {
    }

    /** A 32-hex-digit id (128 bits of SHA-256) over the parts, each separated so ("ab","c") ≠ ("a","bc"). */
    public static String of(String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /**
     * The id {@link #of(String...)} gives for {@code parts} followed by the bytes {@code last} writes, without
     * building that last part as a String first (a whole record's JSON, streamed into the digest).
     */
    public static String of(ContentWriter last, String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            last.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha.update((byte) 0x1f);
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /** Writes content into an id's digest. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static String of(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
