package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantsTest {

    @Test
    void readsWhatJavaTimeReadsForEveryFractionLength() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
            int digits = i % 10;
            DateTimeFormatter format = new DateTimeFormatterBuilder().appendInstant(digits).toFormatter();
            String text = format.format(instant);

            assertThat(UtcInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void writesWhatInstantToStringWrites() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), nanos);

            assertThat(UtcInstants.format(instant)).isEqualTo(instant.toString());
        }
        assertThat(UtcInstants.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
        assertThat(UtcInstants.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-09-01T24:00:00Z",
            "2026-09-01T08:60:00Z", "2026-09-01T08:15:60Z", "2026-09-01T08:15:42+01:00", "2026-09-01T08:15:42",
            "2026-09-01 08:15:42Z", "2026-09-01T08:15:42.Z", "2026-09-01T08:15:42.1234567890Z",
            "2026-09-01T08:15:4xZ", "+2026-09-01T08:15:42Z", "1788250542" })
    void leavesEverythingElseToJackson(String text) {
        assertThat(UtcInstants.parse(text)).isNull();
    }
}
