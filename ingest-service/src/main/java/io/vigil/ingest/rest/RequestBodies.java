package io.vigil.ingest.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import io.vigil.common.rest.ProblemException;

/** Undoes {@code Content-Encoding}; log shippers gzip their batches. */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] decode(String contentEncoding, byte[] body, long maxDecoded) {
        if (body == null) {
            return new byte[0];
        }
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> gunzip(body, maxDecoded);
            default -> throw new ProblemException(415, "unsupported-encoding", "Unsupported content encoding",
                    "Content-Encoding '" + contentEncoding + "' is not supported; send identity or gzip");
        };
    }

    private static byte[] gunzip(byte[] body, long maxDecoded) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 8, 1 << 20));
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = in.read(buffer)) > 0;) {
                total += read;
                if (total > maxDecoded) {
                    throw new ProblemException(413, "body-too-large", "Body too large",
                            "The gzip body expands beyond " + maxDecoded + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ProblemException(400, "malformed-body", "Malformed body",
                    "Content-Encoding is gzip but the body is not valid gzip data");
        }
    }
}
