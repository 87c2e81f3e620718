package io.vigil.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.vigil.events.AccessEvent;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.Source;
import io.vigil.ingest.domain.RecordException;

/** Vigil's own AccessEvent JSON: what the other formats produce must come back unchanged. */
class VigilFormatTest {

    static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant LATER = RECEIVED.plusSeconds(3600);
    // configured as Quarkus configures its ObjectMapper
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final VigilFormat format = new VigilFormat();

    /** Every sample of the vendor formats, as the events ingest publishes. */
    static List<AccessEvent> canonicalEvents() {
        List<AccessEvent> events = new ArrayList<>();
        Samples.read(Samples.AZURE).forEach(r -> events.add(new AzureKeyVaultFormat().parse(r, "sub-a", RECEIVED)));
        HashiCorpVaultFormat vault = new HashiCorpVaultFormat();
        vault.coalesce(IndexedRecord.of(Samples.read(Samples.VAULT)))
                .forEach(operation -> events.add(vault.parse(operation.get(0).record(), "sub-a", RECEIVED)));
        Samples.read(Samples.CLOUDTRAIL)
                .forEach(r -> events.add(new AwsCloudTrailFormat().parse(r, "sub-a", RECEIVED)));
        return events;
    }

    static ObjectNode json(AccessEvent event) {
        return MAPPER.valueToTree(event);
    }

    @Test
    void everyVendorEventRoundTripsWithANewReceivedAt() {
        List<AccessEvent> events = canonicalEvents();
        assertThat(events).hasSize(12);
        for (AccessEvent event : events) {
            AccessEvent back = format.parse(json(event), "sub-a", LATER);
            assertThat(back).isEqualTo(new AccessEvent(event.eventId(), event.schemaVersion(), "sub-a",
                    event.source(), event.vault(), event.time(), LATER, event.operation(), event.object(),
                    event.result(), event.principal(), event.client(), event.correlationId(), event.ip()));
        }
    }

    @Test
    void anotherSubscriptionsEventIsRejectedNotRewritten() {
        ObjectNode record = json(canonicalEvents().get(1));
        assertRejected(record, "sub-b", "subscriptionId");
        record.remove("subscriptionId");
        assertThat(format.parse(record, "sub-b", RECEIVED).subscriptionId()).isEqualTo("sub-b");
    }

    @Test
    void aMinimalEventGetsDefaultsAndADeterministicId() {
        JsonNode record = Samples.parse("""
                {"time": "2026-11-20T10:15:00Z", "vault": {"id": "sim:vault-1"},
                 "operation": {"kind": "SECRET_READ"}, "result": {"outcome": "DENIED"},
                 "ip": {"tor": true}}""");
        AccessEvent e = format.parse(record, "sub-a", RECEIVED);
        assertThat(e.eventId()).hasSize(32).isEqualTo(format.parse(record, "sub-a", LATER).eventId())
                .isNotEqualTo(format.parse(record, "sub-b", RECEIVED).eventId());
        assertThat(e.source()).isEqualTo(Source.VIGIL);
        assertThat(e.schemaVersion()).isEqualTo(AccessEvent.SCHEMA_VERSION);
        assertThat(e.vault()).isEqualTo(new io.vigil.events.Vault("sim:vault-1", null));
        assertThat(e.operation()).isEqualTo(new AccessEvent.Operation("SECRET_READ", OperationKind.SECRET_READ));
        assertThat(e.result()).isEqualTo(new AccessEvent.Result(Outcome.DENIED, null, null));
        assertThat(e.principal()).isEqualTo(Principal.unknown());
        assertThat(e.object()).isNull();
        assertThat(e.client()).isNull();
        assertThat(e.ip()).as("enrichment decides, not the sender").isEqualTo(io.vigil.events.IpEnrichment.none());
        assertThat(e.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void missingOrMalformedFieldsAreNamed() {
        for (String field : new String[] {"time", "vault", "operation", "result"}) {
            ObjectNode record = json(canonicalEvents().get(0));
            record.remove(field);
            assertRejected(record, "sub-a", switch (field) {
                case "vault" -> "vault.id";
                case "operation" -> "operation.kind";
                case "result" -> "result.outcome";
                default -> field;
            });
        }
        ObjectNode badKind = json(canonicalEvents().get(0));
        ((ObjectNode) badKind.get("operation")).put("kind", "STEAL");
        assertRejected(badKind, "sub-a", "operation.kind");
        ObjectNode badObject = json(canonicalEvents().get(0));
        badObject.put("object", "secret");
        assertRejected(badObject, "sub-a", "object");
        ObjectNode badType = json(canonicalEvents().get(0));
        ((ObjectNode) badType.get("object")).remove("type");
        assertRejected(badType, "sub-a", "object.type");
        ObjectNode badVersion = json(canonicalEvents().get(0));
        badVersion.put("schemaVersion", 2);
        assertRejected(badVersion, "sub-a", "schemaVersion");
        ObjectNode badStatus = json(canonicalEvents().get(0));
        ((ObjectNode) badStatus.get("result")).put("httpStatus", 1000);
        assertRejected(badStatus, "sub-a", "result.httpStatus");
        ObjectNode epochTime = json(canonicalEvents().get(0));
        epochTime.put("time", 1_700_000_000.5);
        assertRejected(epochTime, "sub-a", "time");
        ObjectNode longId = json(canonicalEvents().get(0));
        longId.put("eventId", "x".repeat(129));
        assertRejected(longId, "sub-a", "eventId");
    }

    private void assertRejected(JsonNode record, String subscription, String field) {
        assertThatThrownBy(() -> format.parse(record, subscription, RECEIVED))
                .isInstanceOf(RecordException.class).extracting("field").isEqualTo(field);
    }
}
