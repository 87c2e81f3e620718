package io.vigil.ingest.format;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

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
 * Azure Key Vault diagnostic logs, category AuditEvent. Both identity-claim shapes are read (data-plane short claims
 * and the schema-URI claims of requests routed through ARM); the outcome comes from the HTTP status, never from
 * {@code resultType}, which says Success on 403s.
 */
@ApplicationScoped
public class AzureKeyVaultFormat implements LogFormat {

    private static final String OID_URI = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final String UPN_URI = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String NAME_URI = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    private static final KeptFields KEPT = KeptFields.of("time", "resourceId", "operationName", "identity.claim",
            "callerIpAddress", "correlationId", "resultSignature", "resultDescription", "properties.httpStatusCode",
            "properties.id", "properties.clientInfo");
    private static final String VAULTS = "vaults";
    private static final Map<String, Integer> SIGNATURES = Map.of("ok", 200, "created", 201, "accepted", 202,
            "no content", 204, "bad request", 400, "unauthorized", 401, "forbidden", 403, "not found", 404,
            "conflict", 409, "too many requests", 429);

    @Override
    public String name() {
        return "azure-keyvault";
    }

    @Override
    public String envelopeField() {
        return "records";
    }

    @Override
    public KeptFields keptFields() {
        return KEPT;
    }

    @Override
    public AccessEvent parse(JsonNode record, RecordText text, String subscriptionId, Instant receivedAt) {
        Instant time = Json.requiredTime(record, "time");
        String resourceId = Json.requiredText(record, "resourceId");
        String operationName = Json.requiredText(record, "operationName");
        int status = httpStatus(record);
        JsonNode claims = Json.at(record, "identity.claim");
        String objectId = claim(claims, "oid", OID_URI);
        String upn = claim(claims, "upn", UPN_URI);
        if (upn == null) {
            upn = claim(claims, "unique_name", NAME_URI);
        }
        String appId = claim(claims, "appid", null);
        String ip = Json.text(record, "callerIpAddress");
        return new AccessEvent(
                text.contentId(subscriptionId, name()),
                AccessEvent.SCHEMA_VERSION,
                subscriptionId,
                Source.AZURE_KEY_VAULT,
                new Vault(resourceId.toLowerCase(Locale.ROOT), vaultName(resourceId)),
                time,
                receivedAt,
                new AccessEvent.Operation(operationName, kindOf(operationName)),
                objectOf(Json.text(record, "properties.id")),
                new AccessEvent.Result(Outcome.fromHttpStatus(status), status,
                        firstLine(Json.text(record, "resultDescription"))),
                new Principal(principalType(objectId, upn, appId), objectId, upn, appId, null),
                new AccessEvent.Client(redacted(ip) ? null : ip, Json.text(record, "properties.clientInfo")),
                Json.text(record, "correlationId"),
                IpEnrichment.none());
    }

    static OperationKind kindOf(String operation) {
        String op = operation.toLowerCase(Locale.ROOT);
        if (op.equals("authentication")) {
            return OperationKind.AUTH;
        }
        if (op.endsWith("purge")) {
            return OperationKind.PURGE;
        }
        if (op.endsWith("backup")) {
            return OperationKind.BACKUP;
        }
        if (op.startsWith("vault")) {
            return switch (op) {
                case "vaultget" -> OperationKind.VAULT_READ;
                // an access-policy change: the first half of the policy-change-then-read pattern
                case "vaultput", "vaultpatch", "vaultaccesspolicychangedeventgridnotification" ->
                    OperationKind.POLICY_CHANGE;
                default -> OperationKind.VAULT_MANAGE;
            };
        }
        if (op.startsWith("secret")) {
            return secretKind(op.substring("secret".length()));
        }
        if (op.startsWith("key")) {
            return switch (op.substring("key".length())) {
                case "sign", "verify", "wrap", "unwrap", "encrypt", "decrypt", "get" -> OperationKind.KEY_USE;
                case "list", "listversions", "listdeleted" -> OperationKind.SECRET_LIST;
                default -> OperationKind.KEY_MANAGE;
            };
        }
        if (op.startsWith("certificate")) {
            return op.contains("list") ? OperationKind.SECRET_LIST : OperationKind.CERTIFICATE;
        }
        return OperationKind.OTHER;
    }

    private static OperationKind secretKind(String verb) {
        return switch (verb) {
            case "get", "getdeleted" -> OperationKind.SECRET_READ;
            case "list", "listversions", "listdeleted" -> OperationKind.SECRET_LIST;
            case "delete" -> OperationKind.SECRET_DELETE;
            case "set", "update", "restore", "recover" -> OperationKind.SECRET_WRITE;
            default -> OperationKind.OTHER;
        };
    }

    /** {@code https://kv.vault.azure.net/secrets/name/version} → a SECRET named {@code name}. */
    static AccessEvent.ObjectRef objectOf(String id) {
        if (id == null) {
            return null;
        }
        String path = plainUriPath(id);
        if (path == null) {
            try {
                path = URI.create(id).getPath();
            } catch (IllegalArgumentException e) {
                throw new RecordException("properties.id", "is not a URI");
            }
        }
        String[] parts = path == null ? new String[0] : stripLeadingSlashes(path).split("/");
        if (parts.length < 2 || parts[0].isEmpty()) {
            return new AccessEvent.ObjectRef(ObjectType.VAULT, id, null);
        }
        ObjectType type = switch (parts[0]) {
            case "secrets", "deletedsecrets" -> ObjectType.SECRET;
            case "keys", "deletedkeys" -> ObjectType.KEY;
            case "certificates", "deletedcertificates" -> ObjectType.CERTIFICATE;
            default -> ObjectType.OTHER;
        };
        return new AccessEvent.ObjectRef(type, id, parts[1]);
    }

    /**
     * The path of a URI of the form Key Vault writes, {@code scheme://host[:port]/path} with only unreserved
     * characters in host and path, which is what {@link URI#getPath()} gives for it; null for any other form, which
     * URI then reads.
     * Building a URI per record was a tenth of reading an Azure record.
     */
    static String plainUriPath(String id) {
        int length = id.length();
        if (length == 0 || !isAsciiLetter(id.charAt(0))) {
            return null;
        }
        int i = 1;
        while (i < length && isPlain(id.charAt(i), "+-.")) {
            i++;
        }
        if (!id.startsWith("://", i)) {
            return null;
        }
        int host = i += 3;
        while (i < length && isPlain(id.charAt(i), "-.")) {
            i++;
        }
        if (i == host) {
            return null;
        }
        if (i < length && id.charAt(i) == ':') {
            int port = ++i;
            while (i < length && isDigit(id.charAt(i))) {
                i++;
            }
            if (i == port) {
                return null;
            }
        }
        int path = i;
        if (path < length && id.charAt(path) != '/') {
            return null;
        }
        for (; i < length; i++) {
            if (!isPlain(id.charAt(i), "/-._~")) {
                return null;
            }
        }
        return id.substring(path);
    }

    /** An ASCII letter or digit, or one of {@code others}. */
    private static boolean isPlain(char c, String others) {
        return isAsciiLetter(c) || isDigit(c) || others.indexOf(c) >= 0;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int httpStatus(JsonNode record) {
        Integer status = Json.integer(record, "properties.httpStatusCode");
        if (status != null) {
            if (status < 100 || status > 599) {
                throw new RecordException("properties.httpStatusCode", "is not an HTTP status");
            }
            return status;
        }
        String signature = Json.text(record, "resultSignature");
        Integer fromSignature = signature == null ? null : SIGNATURES.get(signature.toLowerCase(Locale.ROOT));
        if (fromSignature == null) {
            throw new RecordException("properties.httpStatusCode",
                    "is required when resultSignature is not a known HTTP status text");
        }
        return fromSignature;
    }

    /**
     * The segment after the first {@code vaults} segment that has one, in lower case: what {@code split("/")} finds,
     * which drops trailing empty segments, without the array of substrings it builds (2 % of mapping a record).
     */
    static String vaultName(String resourceId) {
        int length = resourceId.length();
        for (int start = 0, end; (end = resourceId.indexOf('/', start)) >= 0; start = end + 1) {
            if (end - start == VAULTS.length() && resourceId.regionMatches(true, start, VAULTS, 0, VAULTS.length())
                    && hasSegmentFrom(resourceId, end + 1)) {
                int nameEnd = resourceId.indexOf('/', end + 1);
                return resourceId.substring(end + 1, nameEnd < 0 ? length : nameEnd).toLowerCase(Locale.ROOT);
            }
        }
        throw new RecordException("resourceId", "does not name a vault (.../providers/Microsoft.KeyVault/vaults/<name>)");
    }

    /** Whether anything but slashes follows {@code from}: a segment that {@code split("/")} would keep. */
    private static boolean hasSegmentFrom(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) != '/') {
                return true;
            }
        }
        return false;
    }

    private static String claim(JsonNode claims, String shortName, String uriName) {
        if (claims == null || !claims.isObject()) {
            return null;
        }
        String value = Json.fieldText(claims, shortName);
        return value != null || uriName == null ? value : Json.fieldText(claims, uriName);
    }

    private static PrincipalType principalType(String objectId, String upn, String appId) {
        if (upn != null) {
            return PrincipalType.USER;
        }
        return objectId != null || appId != null ? PrincipalType.APPLICATION : PrincipalType.UNKNOWN;
    }

    private static boolean redacted(String ip) {
        return ip == null || ip.startsWith("<");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String stripLeadingSlashes(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }
}
