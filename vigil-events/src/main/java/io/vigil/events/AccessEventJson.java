package io.vigil.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * Writes an {@link AccessEvent} as the contract's JSON, byte for byte what Jackson's databind writes for it (a test
 * holds the two equal), straight to a generator: ingest writes one per accepted record, and through databind's
 * reflective record serialisers that was a quarter of its CPU.
 */
public final class AccessEventJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final SerializableString EVENT_ID = name("eventId");
    private static final SerializableString SCHEMA_VERSION = name("schemaVersion");
    private static final SerializableString SUBSCRIPTION_ID = name("subscriptionId");
    private static final SerializableString SOURCE = name("source");
    private static final SerializableString VAULT = name("vault");
    private static final SerializableString ID = name("id");
    private static final SerializableString NAME = name("name");
    private static final SerializableString TIME = name("time");
    private static final SerializableString RECEIVED_AT = name("receivedAt");
    private static final SerializableString OPERATION = name("operation");
    private static final SerializableString KIND = name("kind");
    private static final SerializableString OBJECT = name("object");
    private static final SerializableString TYPE = name("type");
    private static final SerializableString RESULT = name("result");
    private static final SerializableString OUTCOME = name("outcome");
    private static final SerializableString HTTP_STATUS = name("httpStatus");
    private static final SerializableString DETAIL = name("detail");
    private static final SerializableString PRINCIPAL = name("principal");
    private static final SerializableString OBJECT_ID = name("objectId");
    private static final SerializableString UPN = name("upn");
    private static final SerializableString APP_ID = name("appId");
    private static final SerializableString DISPLAY_NAME = name("displayName");
    private static final SerializableString CLIENT = name("client");
    private static final SerializableString IP = name("ip");
    private static final SerializableString USER_AGENT = name("userAgent");
    private static final SerializableString CORRELATION_ID = name("correlationId");
    private static final SerializableString TOR = name("tor");
    private static final SerializableString THREAT_LISTS = name("threatLists");
    private static final SerializableString VERSION = name("version");
    private static final SerializableString TRUSTED_NETWORK = name("trustedNetwork");
    private static final SerializableString IS_PRIVATE = name("isPrivate");

    private AccessEventJson() {
    }

    public static byte[] write(AccessEvent event) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            write(json, event);
        } catch (IOException e) {
            // only an in-memory buffer is written to
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator json, AccessEvent event) throws IOException {
        json.writeStartObject();
        string(json, EVENT_ID, event.eventId());
        json.writeFieldName(SCHEMA_VERSION);
        json.writeNumber(event.schemaVersion());
        string(json, SUBSCRIPTION_ID, event.subscriptionId());
        constant(json, SOURCE, event.source());
        json.writeFieldName(VAULT);
        Vault vault = event.vault();
        if (vault == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            string(json, ID, vault.id());
            string(json, NAME, vault.name());
            json.writeEndObject();
        }
        instant(json, TIME, event.time());
        instant(json, RECEIVED_AT, event.receivedAt());
        json.writeFieldName(OPERATION);
        AccessEvent.Operation operation = event.operation();
        if (operation == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            string(json, NAME, operation.name());
            constant(json, KIND, operation.kind());
            json.writeEndObject();
        }
        json.writeFieldName(OBJECT);
        AccessEvent.ObjectRef object = event.object();
        if (object == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            constant(json, TYPE, object.type());
            string(json, ID, object.id());
            string(json, NAME, object.name());
            json.writeEndObject();
        }
        json.writeFieldName(RESULT);
        AccessEvent.Result result = event.result();
        if (result == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            constant(json, OUTCOME, result.outcome());
            json.writeFieldName(HTTP_STATUS);
            if (result.httpStatus() == null) {
                json.writeNull();
            } else {
                json.writeNumber(result.httpStatus());
            }
            string(json, DETAIL, result.detail());
            json.writeEndObject();
        }
        json.writeFieldName(PRINCIPAL);
        Principal principal = event.principal();
        if (principal == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            constant(json, TYPE, principal.type());
            string(json, OBJECT_ID, principal.objectId());
            string(json, UPN, principal.upn());
            string(json, APP_ID, principal.appId());
            string(json, DISPLAY_NAME, principal.displayName());
            json.writeEndObject();
        }
        json.writeFieldName(CLIENT);
        AccessEvent.Client client = event.client();
        if (client == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            string(json, IP, client.ip());
            string(json, USER_AGENT, client.userAgent());
            json.writeEndObject();
        }
        string(json, CORRELATION_ID, event.correlationId());
        json.writeFieldName(IP);
        IpEnrichment ip = event.ip();
        if (ip == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            json.writeFieldName(TOR);
            json.writeBoolean(ip.tor());
            json.writeFieldName(THREAT_LISTS);
            json.writeStartArray();
            for (IpEnrichment.ThreatListMatch match : ip.threatLists()) {
                json.writeStartObject();
                string(json, NAME, match.name());
                string(json, VERSION, match.version());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName(TRUSTED_NETWORK);
            json.writeBoolean(ip.trustedNetwork());
            json.writeFieldName(IS_PRIVATE);
            json.writeBoolean(ip.isPrivate());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, SerializableString name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value);
    }

    private static void constant(JsonGenerator json, SerializableString name, Enum<?> value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value == null ? null : value.name());
    }

    private static void instant(JsonGenerator json, SerializableString name, Instant value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value == null ? null : UtcInstants.format(value));
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }
}
