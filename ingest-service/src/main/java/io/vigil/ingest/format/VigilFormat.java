package io.vigil.ingest.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * <p>Read token by token straight off the request body, with no tree per record (canonical events are what a busy
 * integrator sends, and building the tree was the largest part of reading them), and field by field rather than
 * bound with Jackson, so that every refusal names the field at fault and no binding exception can escape. Required:
 * {@code time}, {@code vault.id}, {@code operation.kind}, {@code result.outcome}; enum values must be the contract's
 * names. Defaults: {@code eventId} is kept when given and otherwise derived from subscription, format and the
 * record's JSON; {@code source} VIGIL; {@code operation.name} the kind's name; {@code principal} UNKNOWN.
 * {@code subscriptionId}, when present, must equal the path's subscription: rejecting a mismatch is safer than
 * rewriting it, since rewriting would let one tenant's export land silently in another's. {@code receivedAt} is
 * always now, and {@code ip} is ignored: enrichment recomputes it like for every other format. Unknown fields are
 * skipped. Text fields take any scalar's text; blank counts as absent.
 */
@ApplicationScoped
public class VigilFormat implements StreamedFormat {

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
    public AccessEvent parse(JsonNode record, RecordText text, String subscriptionId, Instant receivedAt) {
        try (JsonParser parser = record.traverse()) {
            parser.nextToken();
            return read(parser, subscriptionId, receivedAt, text);
        } catch (IOException e) {
            // a tree is in memory: nothing to fail on
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public AccessEvent read(JsonParser parser, String subscriptionId, Instant receivedAt, RecordText text)
            throws IOException {
        Fields f = new Fields();
        fields(parser, name -> {
            switch (name) {
                case "eventId" -> f.eventId = text(parser);
                case "schemaVersion" -> f.schemaVersion = integer(parser, f, "schemaVersion");
                case "subscriptionId" -> f.subscriptionId = text(parser);
                case "source" -> f.source = text(parser);
                case "time" -> f.time = text(parser);
                case "correlationId" -> f.correlationId = text(parser);
                case "vault" -> vault(parser, f);
                case "operation" -> operation(parser, f);
                case "object" -> object(parser, f);
                case "result" -> result(parser, f);
                case "principal" -> principal(parser, f);
                case "client" -> client(parser, f);
                default -> parser.skipChildren();
            }
        });
        return event(f, subscriptionId, receivedAt, text);
    }

    private static void vault(JsonParser parser, Fields f) throws IOException {
        if (lenientBlock(parser)) {
            fields(parser, name -> {
                switch (name) {
                    case "id" -> f.vaultId = text(parser);
                    case "name" -> f.vaultName = text(parser);
                    default -> parser.skipChildren();
                }
            });
        }
    }

    private static void operation(JsonParser parser, Fields f) throws IOException {
        if (lenientBlock(parser)) {
            fields(parser, name -> {
                switch (name) {
                    case "kind" -> f.operationKind = text(parser);
                    case "name" -> f.operationName = text(parser);
                    default -> parser.skipChildren();
                }
            });
        }
    }

    private static void object(JsonParser parser, Fields f) throws IOException {
        f.object = block(parser, f, "object");
        if (f.object) {
            fields(parser, name -> {
                switch (name) {
                    case "type" -> f.objectType = text(parser);
                    case "id" -> f.objectId = text(parser);
                    case "name" -> f.objectName = text(parser);
                    default -> parser.skipChildren();
                }
            });
        }
    }

    private static void result(JsonParser parser, Fields f) throws IOException {
        if (lenientBlock(parser)) {
            fields(parser, name -> {
                switch (name) {
                    case "outcome" -> f.outcome = text(parser);
                    case "httpStatus" -> f.httpStatus = integer(parser, f, "result.httpStatus");
                    case "detail" -> f.detail = text(parser);
                    default -> parser.skipChildren();
                }
            });
        }
    }

    private static void principal(JsonParser parser, Fields f) throws IOException {
        f.principal = block(parser, f, "principal");
        if (f.principal) {
            fields(parser, name -> {
                switch (name) {
                    case "type" -> f.principalType = text(parser);
                    case "objectId" -> f.objectIdOfPrincipal = text(parser);
                    case "upn" -> f.upn = text(parser);
                    case "appId" -> f.appId = text(parser);
                    case "displayName" -> f.displayName = text(parser);
                    default -> parser.skipChildren();
                }
            });
        }
    }

    private static void client(JsonParser parser, Fields f) throws IOException {
        f.client = block(parser, f, "client");
        if (f.client) {
            fields(parser, name -> {
                switch (name) {
                    case "ip" -> f.ip = text(parser);
                    case "userAgent" -> f.userAgent = text(parser);
                    default -> parser.skipChildren();
                }
            });
        }
    }

    /** Reads an object's fields up to its end, the parser on each value when {@code field} is called. */
    private static void fields(JsonParser parser, Field field) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            field.read(name);
        }
    }

    /** Reads (or skips) the value of the named field. */
    @FunctionalInterface
    private interface Field {
        void read(String name) throws IOException;
    }

    private AccessEvent event(Fields f, String subscriptionId, Instant receivedAt, RecordText text) {
        if (f.subscriptionId != null && !f.subscriptionId.equals(subscriptionId)) {
            throw new RecordException("subscriptionId", "belongs to another subscription than the request path");
        }
        f.failIfMalformed("schemaVersion");
        if (f.schemaVersion != null && f.schemaVersion != AccessEvent.SCHEMA_VERSION) {
            throw new RecordException("schemaVersion", "must be " + AccessEvent.SCHEMA_VERSION);
        }
        if (f.eventId != null && f.eventId.length() > MAX_EVENT_ID) {
            throw new RecordException("eventId", "is longer than " + MAX_EVENT_ID + " characters");
        }
        if (f.time == null) {
            throw new RecordException("time", "is required");
        }
        Instant time = Json.time(f.time);
        if (time == null) {
            throw new RecordException("time", "is not an ISO-8601 / RFC 3339 timestamp");
        }
        if (f.vaultId == null) {
            throw new RecordException("vault.id", "is required");
        }
        OperationKind kind = required(f.operationKind, "operation.kind", OperationKind.class);
        Source source = optional(f.source, "source", Source.class);
        AccessEvent.ObjectRef object = null;
        f.failIfMalformed("object");
        if (f.object) {
            object = new AccessEvent.ObjectRef(required(f.objectType, "object.type", ObjectType.class), f.objectId,
                    f.objectName);
        }
        Outcome outcome = required(f.outcome, "result.outcome", Outcome.class);
        f.failIfMalformed("result.httpStatus");
        if (f.httpStatus != null && (f.httpStatus < 100 || f.httpStatus > 599)) {
            throw new RecordException("result.httpStatus", "is not an HTTP status");
        }
        f.failIfMalformed("principal");
        Principal principal = Principal.unknown();
        if (f.principal) {
            PrincipalType type = optional(f.principalType, "principal.type", PrincipalType.class);
            principal = new Principal(type != null ? type : PrincipalType.UNKNOWN, f.objectIdOfPrincipal, f.upn,
                    f.appId, f.displayName);
        }
        f.failIfMalformed("client");
        return new AccessEvent(
                f.eventId != null ? f.eventId : text.contentId(subscriptionId, name()),
                AccessEvent.SCHEMA_VERSION,
                subscriptionId,
                source != null ? source : Source.VIGIL,
                new Vault(f.vaultId, f.vaultName),
                time,
                receivedAt,
                new AccessEvent.Operation(f.operationName != null ? f.operationName : kind.name(), kind),
                object,
                new AccessEvent.Result(outcome, f.httpStatus, f.detail),
                principal,
                f.client ? new AccessEvent.Client(f.ip, f.userAgent) : null,
                f.correlationId,
                IpEnrichment.none());
    }

    /** An optional block: absent or null is fine; any other non-object is noted as malformed and skipped. */
    private static boolean block(JsonParser parser, Fields f, String field) throws IOException {
        f.malformed.remove(field);
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            return true;
        }
        if (parser.currentToken() != JsonToken.VALUE_NULL) {
            f.malformed.put(field, "must be an object");
        }
        parser.skipChildren();
        return false;
    }

    /** A block whose fields are required anyway: anything but an object leaves them absent, which names them. */
    private static boolean lenientBlock(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            return true;
        }
        parser.skipChildren();
        return false;
    }

    /** A scalar's text, or null when null, blank or a container (which is skipped). */
    private static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        String value = parser.getText();
        return value.isBlank() ? null : value;
    }

    /** An integral number within int's range or its digits as text; null when null; else noted as malformed. */
    private static Integer integer(JsonParser parser, Fields f, String field) throws IOException {
        JsonToken token = parser.currentToken();
        f.malformed.remove(field);
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        // a huge number must not wrap around into a plausible value
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING && parser.getText().matches("\\d{1,9}")) {
            return Integer.parseInt(parser.getText());
        }
        parser.skipChildren();
        f.malformed.put(field, "is not an integer");
        return null;
    }

    private static <E extends Enum<E>> E required(String text, String path, Class<E> type) {
        E value = optional(text, path, type);
        if (value == null) {
            throw new RecordException(path, "is required");
        }
        return value;
    }

    private static <E extends Enum<E>> E optional(String text, String path, Class<E> type) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RecordException(path, "is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** What one record said, collected in whichever order its fields came, validated once it is read. */
    private static final class Fields {
        String eventId;
        Integer schemaVersion;
        String subscriptionId;
        String source;
        String time;
        String correlationId;
        String vaultId;
        String vaultName;
        String operationKind;
        String operationName;
        boolean object;
        String objectType;
        String objectId;
        String objectName;
        String outcome;
        Integer httpStatus;
        String detail;
        boolean principal;
        String principalType;
        String objectIdOfPrincipal;
        String upn;
        String appId;
        String displayName;
        boolean client;
        String ip;
        String userAgent;
        /** Fields whose value had the wrong shape, and why: refused in the order the checks run. */
        final Map<String, String> malformed = new HashMap<>(2);

        void failIfMalformed(String field) {
            String problem = malformed.get(field);
            if (problem != null) {
                throw new RecordException(field, problem);
            }
        }
    }
}
