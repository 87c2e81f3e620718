package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The hand-written writer must write exactly what databind writes, so either may produce the topic's records. */
class AccessEventJsonTest {

    private static final String[] ALPHABET = {"a", "Z", "0", "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\u0001",
        "\u001F", "\u007F", "?", "é", "ÿ", "ł", "€", "\uD83D\uDD11", "\uD83D", "\uDD11", "/", "<", "&", "'", " "};

    // configured as Quarkus configures its ObjectMapper
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    // one writer for every event, as ingest uses one per batch: nothing of an event may linger into the next
    private final AccessEventJson writer = new AccessEventJson();

    @Test
    void writesWhatDatabindWritesForAFullEvent() throws Exception {
        assertSameAsDatabind(ContractJsonTest.event());
    }

    @Test
    void writesWhatDatabindWritesWhenOptionalPartsAreAbsent() throws Exception {
        assertSameAsDatabind(new AccessEvent("e2", 1, "sub-b", Source.HASHICORP_VAULT, new Vault("vault-1", null),
                Instant.parse("2026-11-20T10:15:00Z"), null, new AccessEvent.Operation("read", OperationKind.OTHER),
                null, new AccessEvent.Result(Outcome.FAILED, null, null), Principal.unknown(), null, null, null));
        assertSameAsDatabind(new AccessEvent(null, 1, null, null, null, null, null, null,
                new AccessEvent.ObjectRef(null, null, null), null, null, new AccessEvent.Client(null, null), null,
                IpEnrichment.none()));
    }

    @Test
    void writesEachEventsOwnReceptionTimeWhenABatchSharesOne() throws Exception {
        AccessEvent event = ContractJsonTest.event();
        Instant batch = Instant.parse("2026-11-24T03:40:00.123456Z");
        for (Instant receivedAt : new Instant[] {batch, batch, null, batch, batch.plusNanos(1), batch}) {
            assertSameAsDatabind(new AccessEvent(event.eventId(), event.schemaVersion(), event.subscriptionId(),
                    event.source(), event.vault(), event.time(), receivedAt, event.operation(), event.object(),
                    event.result(), event.principal(), event.client(), event.correlationId(), event.ip()));
        }
    }

    @Test
    void writesWhatDatabindWritesForVariedText() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            AccessEvent event = new AccessEvent(text(random), 1, text(random), Source.values()[i % Source.values().length],
                    new Vault(text(random), text(random)), Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L),
                            random.nextInt(1_000_000_000)), Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L)),
                    new AccessEvent.Operation(text(random), OperationKind.values()[i % OperationKind.values().length]),
                    new AccessEvent.ObjectRef(ObjectType.values()[i % ObjectType.values().length], text(random),
                            text(random)),
                    new AccessEvent.Result(Outcome.values()[i % Outcome.values().length], number(random),
                            text(random)),
                    new Principal(PrincipalType.values()[i % PrincipalType.values().length], text(random),
                            text(random), text(random), text(random)),
                    new AccessEvent.Client(text(random), text(random)), text(random),
                    new IpEnrichment(random.nextBoolean(), List.of(new IpEnrichment.ThreatListMatch(text(random),
                            text(random))), random.nextBoolean(), random.nextBoolean()));
            assertSameAsDatabind(event);
        }
    }

    @Test
    void writesWhatDatabindWritesForOneUnusualCharacterAnywhereInPlainText() throws Exception {
        // plain text is checked eight bytes at a time: every position in a word and past the last whole word
        AccessEvent event = ContractJsonTest.event();
        for (String character : ALPHABET) {
            for (int length = 1; length <= 20; length++) {
                for (int at = 0; at < length; at++) {
                    String text = "a".repeat(at) + character + "b".repeat(length - at - 1);
                    assertSameAsDatabind(new AccessEvent(event.eventId(), event.schemaVersion(),
                            event.subscriptionId(), event.source(), event.vault(), event.time(), event.receivedAt(),
                            event.operation(), event.object(), event.result(), event.principal(), event.client(),
                            text, event.ip()));
                }
            }
        }
    }

    @Test
    void eightBytesAtATimeFindEveryByteThatIsNotPlainAscii() {
        for (int position = 0; position < Long.BYTES; position++) {
            for (int value = 0; value < 256; value++) {
                long word = 0x6161616161616161L & ~(0xFFL << (8 * position)) | ((long) value << (8 * position));
                boolean special = value < 0x20 || value >= 0x80 || value == '"' || value == '\\' || value == '?';
                assertThat(AccessEventJson.hasSpecialByte(word)).as("byte %02x at %d", value, position)
                        .isEqualTo(special);
            }
        }
    }

    private void assertSameAsDatabind(AccessEvent event) throws Exception {
        // as bytes, which is what ingest publishes (astral characters are escaped, as databind's byte output does)
        String expected = new String(mapper.writeValueAsBytes(event), StandardCharsets.UTF_8);
        byte[] written = writer.write(event);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(mapper.readValue(written, AccessEvent.class)).isEqualTo(event);
    }

    /** Mostly an HTTP status, sometimes one, two or many digits, negative, or the extremes. */
    private static int number(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextInt(10);
            case 1 -> random.nextInt(10, 100);
            case 2 -> random.nextInt(1000, Integer.MAX_VALUE);
            case 3 -> -random.nextInt(1, 1000);
            case 4 -> random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            default -> random.nextInt(100, 600);
        };
    }

    /**
     * Quotes, backslashes, control characters, DEL, question marks, Latin, non-Latin and astral characters, lone
     * surrogates, or nothing at all; mostly plain ASCII, as real ids are.
     */
    private static String text(Random random) {
        if (random.nextInt(10) == 0) {
            return null;
        }
        if (random.nextBoolean()) {
            return "kv-" + random.nextInt(1_000_000) + "/secrets/s" + random.nextInt(100);
        }
        int length = random.nextInt(16);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }
}
