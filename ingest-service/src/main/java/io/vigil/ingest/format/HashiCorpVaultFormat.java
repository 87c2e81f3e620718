package io.vigil.ingest.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.events.AccessEvent;
import io.vigil.events.DeterministicId;
import io.vigil.events.IpEnrichment;
import io.vigil.events.ObjectType;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.events.Vault;
import io.vigil.ingest.domain.IpAddresses;
import io.vigil.ingest.domain.RecordException;

/**
 * HashiCorp Vault audit device entries (file or socket device, {@code format=json}): one JSON object per line, no
 * envelope.
 *
 * <p>Vault writes a {@code request} entry before handling a call and a {@code response} entry after it, both with the
 * same {@code request.id}. {@link #coalesce} keeps only the response when both are in the batch, because the response
 * repeats the request and auth blocks and adds the outcome; an event is therefore built from one entry alone, and a
 * response gets the same event id whether or not its request came in the same batch. A lone request still becomes an
 * event (denials are logged on the request entry already).
 *
 * <p>Mapping:
 * <ul>
 * <li>{@code time} ← {@code time} (RFC 3339 with nanoseconds); {@code correlationId} ← {@code request.id}</li>
 * <li>{@code vault.id} ← {@code hashicorp-vault:<request.namespace.id, default root>/<mount>}, {@code vault.name} ←
 * the mount: {@code request.mount_point} without its trailing slash, else the first path segment ({@code auth/<m>}
 * for auth methods, whose first segment is always {@code auth})</li>
 * <li>{@code operation.name} ← {@code request.operation}; {@code kind} from operation, mount type and path:
 * {@code help} → OTHER; {@code auth/<m>/login…} → AUTH; create/update/delete on {@code sys/policy/<n>},
 * {@code sys/policies/<type>/<n>} or {@code auth/<m>/role(s)/<n>} → POLICY_CHANGE (reads of them → VAULT_READ);
 * changes to {@code sys/audit}, {@code sys/mounts}, {@code sys/auth} → VAULT_MANAGE (reads → VAULT_READ); kv mounts
 * (mount type kv/generic, or a {@code data/}/{@code metadata/} path when the type is not logged): read → SECRET_READ,
 * list or read of {@code metadata/} → SECRET_LIST, create/update/patch → SECRET_WRITE, delete of {@code data/} or
 * {@code delete/} → SECRET_DELETE, {@code destroy/} or delete of {@code metadata/} → PURGE (irreversible, like an
 * Azure purge); pki {@code issue/sign/revoke/cert} → CERTIFICATE; transit encrypt/decrypt/sign/verify/rewrap/datakey/
 * hmac → KEY_USE, other transit writes → KEY_MANAGE; else OTHER</li>
 * <li>{@code object}: kv → SECRET, id = the full path, name = the path after the mount and, for KV v2, after
 * {@code data/}, {@code metadata/}…; policy and role paths → POLICY named by the last segment; pki → CERTIFICATE;
 * transit → KEY named by the key; anything else → OTHER with the path as id</li>
 * <li>{@code result} from {@code error}: "permission denied" or an invalid-credentials text → DENIED 403; "not
 * found", "no handler" or "unsupported path" → NOT_FOUND 404; any other error → FAILED 500; no error → SUCCESS, 200
 * on a response entry and no status on a lone request (the call was authorised but its end was not seen). The detail
 * is the error without Vault's "N errors occurred" wrapping.</li>
 * <li>{@code principal} from {@code auth} ({@code response.auth} on logins, where {@code auth} is still empty):
 * objectId = {@code entity_id}, else the (HMAC'd) {@code accessor}; displayName = {@code display_name}; upn =
 * {@code metadata.email}; appId = {@code metadata.role_name} for AppRole. Type from the display name's auth method:
 * USER for oidc/userpass/ldap/okta/github/radius/saml and root, or when an email is present; APPLICATION for
 * approle; SERVICE for token/nomad/kubernetes/jwt/aws/gcp/azure/cert; ANONYMOUS when no token was presented; UNKNOWN
 * when a token was presented but Vault logged no identity for it.</li>
 * <li>{@code client.ip} ← {@code request.remote_address} (IP literals only); {@code userAgent} ←
 * {@code request.headers.user-agent[0]} (logged only when the mount is tuned to pass it)</li>
 * <li>{@code eventId} ← hash of subscription, format, {@code request.id} and the entry's type: Vault's own id of
 * the call, as CloudTrail's {@code eventID} is for AWS. The same entry sent twice, or logged by a second audit device
 * (whose HMACs differ), is one event; an entry without a {@code request.id} is identified by its JSON.</li>
 * </ul>
 */
@ApplicationScoped
public class HashiCorpVaultFormat implements CoalescingFormat {

    private static final String REQUEST = "request";
    private static final String RESPONSE = "response";
    /** Not kept: request and response data (HMAC'd secrets), token policies, wrap info. */
    private static final KeptFields KEPT = KeptFields.of("type", "time", "error", "request.id", "request.operation",
            "request.path", "request.namespace.id", "request.mount_type", "request.mount_point", "request.client_token",
            "request.client_token_accessor", "request.remote_address", "request.headers", "response.mount_type",
            "auth.entity_id", "auth.accessor", "auth.display_name", "auth.metadata", "response.auth.entity_id",
            "response.auth.accessor", "response.auth.display_name", "response.auth.metadata");
    private static final Set<String> CHANGES = Set.of("create", "update", "patch", "delete");
    private static final Set<String> KV_V2_AREAS = Set.of("data", "metadata", "delete", "undelete", "destroy",
            "subkeys");
    private static final Set<String> TRANSIT_USE = Set.of("encrypt", "decrypt", "sign", "verify", "rewrap",
            "datakey", "hmac", "export");
    private static final Set<String> PKI_CERTIFICATE = Set.of("issue", "sign", "sign-verbatim", "sign-intermediate",
            "sign-self-issued", "revoke", "cert", "certs");

    @Override
    public String name() {
        return "hashicorp-vault";
    }

    @Override
    public String envelopeField() {
        return null;
    }

    @Override
    public KeptFields keptFields() {
        return KEPT;
    }

    /**
     * A response stands for its call, with the request entries of its {@code request.id} behind it: should the
     * response be refused, its request still tells that the call was made (a denied read must not vanish with a
     * garbled response). Every other entry is an operation of its own.
     */
    @Override
    public List<List<IndexedRecord>> coalesce(List<IndexedRecord> records) {
        // request.id -> the call's entries, its first response first
        Map<String, List<IndexedRecord>> calls = new HashMap<>();
        for (IndexedRecord record : records) {
            String id = Json.text(record.record(), "request.id");
            if (id != null && RESPONSE.equals(Json.text(record.record(), "type")) && !calls.containsKey(id)) {
                List<IndexedRecord> call = new ArrayList<>(2);
                call.add(record);
                calls.put(id, call);
            }
        }
        List<List<IndexedRecord>> operations = new ArrayList<>(records.size());
        for (IndexedRecord record : records) {
            String type = Json.text(record.record(), "type");
            List<IndexedRecord> call = calls.get(Json.text(record.record(), "request.id"));
            if (call != null && REQUEST.equals(type)) {
                call.add(record);
            } else if (call != null && call.get(0) == record) {
                operations.add(call);
            } else {
                // a lone entry, or a second response to one call (a line sent twice), which repeats the first
                operations.add(List.of(record));
            }
        }
        return operations;
    }

    @Override
    public AccessEvent parse(JsonNode record, RecordText text, String subscriptionId, Instant receivedAt) {
        String type = Json.requiredText(record, "type");
        if (!type.equals(REQUEST) && !type.equals(RESPONSE)) {
            throw new RecordException("type", "is not 'request' or 'response' (KMIP entries are not read)");
        }
        Instant time = Json.requiredTime(record, "time");
        String operation = Json.requiredText(record, "request.operation").toLowerCase(Locale.ROOT);
        String path = stripSlashes(Json.requiredText(record, "request.path"));
        if (path.isEmpty()) {
            throw new RecordException("request.path", "names no mount");
        }
        String requestId = Json.text(record, "request.id");
        String namespace = Json.text(record, "request.namespace.id");
        String mountType = Json.text(record, "request.mount_type");
        if (mountType == null) {
            mountType = Json.text(record, "response.mount_type");
        }
        Target target = target(path, Json.text(record, "request.mount_point"),
                mountType == null ? null : mountType.toLowerCase(Locale.ROOT), operation);
        String error = Json.text(record, "error");
        return new AccessEvent(
                requestId != null ? DeterministicId.of(subscriptionId, name(), requestId, type)
                        : text.contentId(subscriptionId, name()),
                AccessEvent.SCHEMA_VERSION,
                subscriptionId,
                Source.HASHICORP_VAULT,
                new Vault("hashicorp-vault:" + (namespace == null ? "root" : namespace) + "/" + target.mount,
                        target.mount),
                time,
                receivedAt,
                new AccessEvent.Operation(operation, target.kind),
                target.object,
                result(error, type.equals(RESPONSE)),
                principal(record, target.kind == OperationKind.AUTH),
                client(record),
                requestId,
                IpEnrichment.none());
    }

    /** What a path names: the mount it belongs to, the operation kind and the object acted on. */
    record Target(String mount, OperationKind kind, AccessEvent.ObjectRef object) {
    }

    static Target target(String path, String mountPoint, String mountType, String operation) {
        String[] segments = path.split("/");
        String mount = stripSlashes(mountPoint == null ? "" : mountPoint);
        if (mount.isEmpty() || !(path.equals(mount) || path.startsWith(mount + "/"))) {
            mount = segments[0].equals("auth") && segments.length > 1 ? "auth/" + segments[1] : segments[0];
        }
        String rel = path.length() > mount.length() ? stripSlashes(path.substring(mount.length())) : "";
        String[] parts = rel.isEmpty() ? new String[0] : rel.split("/");
        String area = parts.length == 0 ? "" : parts[0];

        if (mount.startsWith("auth/")) {
            if (containsSegment(parts, "login") || rel.equals("oidc/callback")) {
                return new Target(mount, OperationKind.AUTH, null);
            }
            if ((area.equals("role") || area.equals("roles")) && parts.length > 1) {
                return policyTarget(mount, path, parts[parts.length - 1], operation);
            }
        }
        if (mount.equals("sys")) {
            if ((area.equals("policy") && parts.length > 1) || (area.equals("policies") && parts.length > 2)) {
                return policyTarget(mount, path, parts[parts.length - 1], operation);
            }
            if (area.equals("audit") || area.equals("mounts") || area.equals("auth") || area.equals("remount")) {
                OperationKind kind = operation.equals("help") ? OperationKind.OTHER
                        : CHANGES.contains(operation) ? OperationKind.VAULT_MANAGE : OperationKind.VAULT_READ;
                return new Target(mount, kind, new AccessEvent.ObjectRef(ObjectType.VAULT, path, null));
            }
        }
        boolean kv = "kv".equals(mountType) || "generic".equals(mountType)
                || (mountType == null && (area.equals("data") || area.equals("metadata")));
        if (kv) {
            return kvTarget(mount, path, parts, operation);
        }
        if ("pki".equals(mountType) && PKI_CERTIFICATE.contains(area)) {
            OperationKind kind = operation.equals("help") ? OperationKind.OTHER
                    : operation.equals("list") ? OperationKind.SECRET_LIST : OperationKind.CERTIFICATE;
            String name = parts.length > 1 ? parts[parts.length - 1] : null;
            return new Target(mount, kind, new AccessEvent.ObjectRef(ObjectType.CERTIFICATE, path, name));
        }
        if ("transit".equals(mountType) && parts.length > 1) {
            OperationKind kind;
            if (operation.equals("help")) {
                kind = OperationKind.OTHER;
            } else if (TRANSIT_USE.contains(area)) {
                kind = OperationKind.KEY_USE;
            } else if (operation.equals("list")) {
                kind = OperationKind.SECRET_LIST;
            } else {
                kind = CHANGES.contains(operation) ? OperationKind.KEY_MANAGE : OperationKind.VAULT_READ;
            }
            // encrypt/<key>, keys/<key>/rotate, export/<type>/<key>: the key is the segment after the verb
            String key = area.equals("export") && parts.length > 2 ? parts[2] : parts[1];
            return new Target(mount, kind, new AccessEvent.ObjectRef(ObjectType.KEY, path, key));
        }
        return new Target(mount, OperationKind.OTHER, new AccessEvent.ObjectRef(ObjectType.OTHER, path, null));
    }

    private static Target policyTarget(String mount, String path, String name, String operation) {
        OperationKind kind = operation.equals("help") ? OperationKind.OTHER
                : CHANGES.contains(operation) ? OperationKind.POLICY_CHANGE : OperationKind.VAULT_READ;
        return new Target(mount, kind, new AccessEvent.ObjectRef(ObjectType.POLICY, path, name));
    }

    private static Target kvTarget(String mount, String path, String[] parts, String operation) {
        boolean v2 = parts.length > 0 && KV_V2_AREAS.contains(parts[0]);
        String area = v2 ? parts[0] : "";
        String name = String.join("/", Arrays.asList(parts).subList(v2 ? 1 : 0, parts.length));
        AccessEvent.ObjectRef object = name.isEmpty() ? null
                : new AccessEvent.ObjectRef(ObjectType.SECRET, path, name);
        if (parts.length == 1 && parts[0].equals("config")) {
            return new Target(mount, CHANGES.contains(operation) ? OperationKind.VAULT_MANAGE
                    : OperationKind.VAULT_READ, new AccessEvent.ObjectRef(ObjectType.VAULT, path, null));
        }
        OperationKind kind;
        switch (operation) {
            case "read" -> kind = area.equals("metadata") ? OperationKind.SECRET_LIST : OperationKind.SECRET_READ;
            case "list" -> kind = OperationKind.SECRET_LIST;
            case "delete" -> kind = area.equals("metadata") ? OperationKind.PURGE : OperationKind.SECRET_DELETE;
            case "create", "update", "patch" -> kind = switch (area) {
                case "delete" -> OperationKind.SECRET_DELETE;
                case "destroy" -> OperationKind.PURGE;
                default -> OperationKind.SECRET_WRITE;
            };
            default -> kind = OperationKind.OTHER;
        }
        return new Target(mount, kind, object);
    }

    private static AccessEvent.Result result(String error, boolean response) {
        if (error == null) {
            return new AccessEvent.Result(Outcome.SUCCESS, response ? 200 : null, null);
        }
        String detail = errorText(error);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("permission denied") || lower.contains("invalid credentials")
                || lower.contains("invalid username or password")) {
            return new AccessEvent.Result(Outcome.DENIED, 403, detail);
        }
        if (lower.contains("not found") || lower.contains("no handler") || lower.contains("unsupported path")) {
            return new AccessEvent.Result(Outcome.NOT_FOUND, 404, detail);
        }
        return new AccessEvent.Result(Outcome.FAILED, 500, detail);
    }

    /** {@code "1 error occurred:\n\t* permission denied\n\n"} → {@code permission denied}; several joined by "; ". */
    static String errorText(String error) {
        List<String> lines = new ArrayList<>();
        for (String line : error.split("\n")) {
            String item = line.strip();
            if (item.startsWith("* ")) {
                item = item.substring(2).strip();
            }
            if (!item.isEmpty() && !item.matches("\\d+ errors? occurred:")) {
                lines.add(item);
            }
        }
        return lines.isEmpty() ? error.strip() : String.join("; ", lines);
    }

    private static Principal principal(JsonNode record, boolean login) {
        JsonNode auth = Json.object(record, "auth");
        if (login && !identifies(auth)) {
            // a login's caller has no token yet; the identity it logged in as is in the response
            JsonNode issued = Json.object(record, "response.auth");
            auth = issued != null ? issued : auth;
        }
        String entityId = Json.text(auth, "entity_id");
        String accessor = Json.text(auth, "accessor");
        if (accessor == null) {
            accessor = Json.text(record, "request.client_token_accessor");
        }
        String displayName = Json.text(auth, "display_name");
        String email = Json.text(auth, "metadata.email");
        String objectId = entityId != null ? entityId : accessor;
        PrincipalType type = principalType(displayName, email);
        boolean tokenPresented = Json.text(record, "request.client_token") != null;
        if (objectId == null && displayName == null && email == null && !tokenPresented) {
            type = PrincipalType.ANONYMOUS;
        }
        String appId = type == PrincipalType.APPLICATION ? Json.text(auth, "metadata.role_name") : null;
        return new Principal(type, objectId, email, appId, displayName);
    }

    private static boolean identifies(JsonNode auth) {
        return Json.text(auth, "entity_id") != null || Json.text(auth, "accessor") != null
                || Json.text(auth, "display_name") != null;
    }

    /** The display name starts with the auth method's name (oidc-…, approle-…, token-…), or is {@code root}. */
    static PrincipalType principalType(String displayName, String email) {
        if (email != null) {
            return PrincipalType.USER;
        }
        if (displayName == null) {
            return PrincipalType.UNKNOWN;
        }
        String name = displayName.toLowerCase(Locale.ROOT);
        String method = name.contains("-") ? name.substring(0, name.indexOf('-')) : name;
        return switch (method) {
            case "root", "oidc", "userpass", "ldap", "okta", "github", "radius", "saml" -> PrincipalType.USER;
            case "approle" -> PrincipalType.APPLICATION;
            case "token", "nomad", "kubernetes", "jwt", "aws", "gcp", "azure", "cert" -> PrincipalType.SERVICE;
            default -> PrincipalType.UNKNOWN;
        };
    }

    private static AccessEvent.Client client(JsonNode record) {
        String address = Json.text(record, "request.remote_address");
        String ip = IpAddresses.parse(address).isPresent() ? address.strip() : null;
        String userAgent = Json.firstText(Json.object(record, "request.headers"), "user-agent");
        return ip == null && userAgent == null ? null : new AccessEvent.Client(ip, userAgent);
    }

    private static boolean containsSegment(String[] parts, String segment) {
        for (String part : parts) {
            if (part.equals(segment)) {
                return true;
            }
        }
        return false;
    }

    private static String stripSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
