package io.vigil.ingest.format;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.events.AccessEvent;
import io.vigil.events.IpEnrichment;
import io.vigil.events.ObjectType;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.events.Vault;
import io.vigil.ingest.domain.RecordException;

/**
 * Events already in Vigil's canonical {@link AccessEvent} JSON (the simulator's, or another Vigil's export): a JSON
 * array or JSON lines.
 *
 * <p>Read field by field rather than bound with Jackson, so that every refusal names the field at fault and no
 * binding exception can escape. Required: {@code time}, {@code vault.id}, {@code operation.kind},
 * {@code result.outcome}; enum values must be the contract's names. Defaults: {@code eventId} is kept when given and
 * otherwise derived from subscription, format and the record's JSON; {@code source} VIGIL; {@code operation.name} the
 * kind's name; {@code principal} UNKNOWN. {@code subscriptionId}, when present, must equal the path's subscription:
 * rejecting a mismatch is safer than rewriting it, since rewriting would let one tenant's export land silently in
 * another's. {@code receivedAt} is always now, and {@code ip} is ignored: enrichment recomputes it like for every
 * other format.
 */
@ApplicationScoped
public class VigilFormat implements LogFormat {

    /** An event id becomes a Kafka record field and a database key downstream; anything longer is not an id. */
    private static final int MAX_EVENT_ID = 128;

    @Override
    public String name() {
        return "vigil";
    }

    @Override
    public String envelopeField() {
        return null;
    }

    @Override
    public AccessEvent parse(JsonNode record, String subscriptionId, Instant receivedAt) {
        String subscription = Json.text(record, "subscriptionId");
        if (subscription != null && !subscription.equals(subscriptionId)) {
            throw new RecordException("subscriptionId", "belongs to another subscription than the request path");
        }
        Integer schemaVersion = Json.integer(record, "schemaVersion");
        if (schemaVersion != null && schemaVersion != AccessEvent.SCHEMA_VERSION) {
            throw new RecordException("schemaVersion", "must be " + AccessEvent.SCHEMA_VERSION);
        }
        String eventId = Json.text(record, "eventId");
        if (eventId != null && eventId.length() > MAX_EVENT_ID) {
            throw new RecordException("eventId", "is longer than " + MAX_EVENT_ID + " characters");
        }
        Instant time = Json.requiredTime(record, "time");
        Vault vault = new Vault(Json.requiredText(record, "vault.id"), Json.text(record, "vault.name"));
        OperationKind kind = requiredEnum(record, "operation.kind", OperationKind.class);
        String operationName = Json.text(record, "operation.name");
        Source source = optionalEnum(record, "source", Source.class);
        return new AccessEvent(
                eventId != null ? eventId : Json.contentId(record, subscriptionId, name()),
                AccessEvent.SCHEMA_VERSION,
                subscriptionId,
                source != null ? source : Source.VIGIL,
                vault,
                time,
                receivedAt,
                new AccessEvent.Operation(operationName != null ? operationName : kind.name(), kind),
                object(record),
                result(record),
                principal(record),
                client(record),
                Json.text(record, "correlationId"),
                IpEnrichment.none());
    }

    private static AccessEvent.ObjectRef object(JsonNode record) {
        if (absent(record, "object")) {
            return null;
        }
        return new AccessEvent.ObjectRef(requiredEnum(record, "object.type", ObjectType.class),
                Json.text(record, "object.id"), Json.text(record, "object.name"));
    }

    private static AccessEvent.Result result(JsonNode record) {
        Outcome outcome = requiredEnum(record, "result.outcome", Outcome.class);
        Integer status = Json.integer(record, "result.httpStatus");
        if (status != null && (status < 100 || status > 599)) {
            throw new RecordException("result.httpStatus", "is not an HTTP status");
        }
        return new AccessEvent.Result(outcome, status, Json.text(record, "result.detail"));
    }

    private static Principal principal(JsonNode record) {
        if (absent(record, "principal")) {
            return Principal.unknown();
        }
        PrincipalType type = optionalEnum(record, "principal.type", PrincipalType.class);
        return new Principal(type != null ? type : PrincipalType.UNKNOWN, Json.text(record, "principal.objectId"),
                Json.text(record, "principal.upn"), Json.text(record, "principal.appId"),
                Json.text(record, "principal.displayName"));
    }

    private static AccessEvent.Client client(JsonNode record) {
        if (absent(record, "client")) {
            return null;
        }
        return new AccessEvent.Client(Json.text(record, "client.ip"), Json.text(record, "client.userAgent"));
    }

    /** Absent or null is fine for an optional block; any other non-object is a malformed one. */
    private static boolean absent(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isObject()) {
            throw new RecordException(field, "must be an object");
        }
        return false;
    }

    private static <E extends Enum<E>> E requiredEnum(JsonNode record, String path, Class<E> type) {
        E value = optionalEnum(record, path, type);
        if (value == null) {
            throw new RecordException(path, "is required");
        }
        return value;
    }

    private static <E extends Enum<E>> E optionalEnum(JsonNode record, String path, Class<E> type) {
        String text = Json.text(record, path);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
                return constant;
            }
        }
        throw new RecordException(path, "is not one of " + Arrays.toString(type.getEnumConstants()));
    }
}
