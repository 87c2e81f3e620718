package io.vigil.notification.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vigil.events.Severity;

/** The wire formats' fixed points: signature, CEF escaping, syslog framing. */
class FormatsTest {

    @Test
    void theSignatureIsHexHmacSha256OfTimestampDotBody() {
        // the same as: printf '1700000000.{"id":"x"}' | openssl dgst -sha256 -hmac 'secret'
        assertThat(Signatures.sign("secret", 1700000000L, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=2f7852138f9dbd8d61c07c2cfb0b8ac96a46a32d78d4527788fb42fcb409a493");
    }

    @Test
    void cefEscapesPipesAndBackslashesInTheHeaderAndEqualsAndNewlinesInTheExtension() {
        assertThat(Cef.header("a|b\\c\nd")).isEqualTo("a\\|b\\\\c d");
        assertThat(Cef.value("a|b\\c=d\r\ne")).isEqualTo("a|b\\\\c\\=d\\r\\ne");
    }

    @Test
    void syslogFramesAreOctetCountedInBytesNotCharacters() {
        String message = Syslog.message(10, Severity.HIGH, Instant.parse("2026-11-20T10:15:00Z"), "host name",
                "CEF:0|Vigil|Vigil|1.0|X|Zugriff über Tor|8|");
        assertThat(message).isEqualTo("<82>1 2026-11-20T10:15:00.000Z hostname vigil - alert - "
                + "CEF:0|Vigil|Vigil|1.0|X|Zugriff über Tor|8|");
        byte[] frame = Syslog.frame(message);
        int bytes = message.getBytes(StandardCharsets.UTF_8).length;
        assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo(bytes + " " + message);
        assertThat(bytes).isEqualTo(message.length() + 1);
    }
}
