package io.vigil.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    /** What the hand-written check replaced, and must agree with everywhere. */
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.249", " 20.40.60.80 ",
        "2001:db8::1", "::1", "::ffff:1.2.3.4"})
    void readsIpLiterals(String text) {
        assertThat(IpAddresses.parse(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.5", "1..2.3",
        ".1.2.3", "1.2.3.", "1.2.3.4a", "1234.1.1.1", "a.b.c.d", "localhost", "example.com", "vault.internal"})
    void refusesAnythingElseWithoutResolvingIt(String text) {
        assertThat(IpAddresses.parse(text)).isEmpty();
    }

    @Test
    void agreesWithTheRegexItReplaced() {
        Random random = new Random(7);
        String alphabet = "0123456789.0125.";
        int addresses = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            if (i % 2 == 0) {
                // near misses: four or so numbers up to 300, some zero-padded, joined by dots
                for (int octet = 0, octets = random.nextInt(3, 6); octet < octets; octet++) {
                    text.append(octet > 0 ? "." : "").append(random.nextInt(20) == 0 ? "0" : "")
                            .append(random.nextInt(301));
                }
            } else {
                for (int length = random.nextInt(1, 18); text.length() < length;) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String candidate = text.toString();
            addresses += IPV4.matcher(candidate).matches() ? 1 : 0;
            assertThat(IpAddresses.isIpv4(candidate)).as(candidate).isEqualTo(IPV4.matcher(candidate).matches());
        }
        assertThat(addresses).as("valid addresses among the candidates").isGreaterThan(10_000);
    }
}
