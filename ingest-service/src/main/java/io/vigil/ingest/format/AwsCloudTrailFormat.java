package io.vigil.ingest.format;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

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
import io.vigil.events.UtcInstants;
import io.vigil.events.Vault;
import io.vigil.ingest.domain.IpAddresses;
import io.vigil.ingest.domain.RecordException;

/**
 * AWS CloudTrail records of Secrets Manager and KMS: a trail's S3 objects ({@code {"Records":[...]}}), a JSON array,
 * JSON lines, or EventBridge events ({@code {"detail-type":"AWS API Call via CloudTrail","detail":{...}}}, unwrapped;
 * a rejection then names the field as {@code detail.<field>}).
 *
 * <p>Mapping:
 * <ul>
 * <li>{@code source} ← {@code eventSource}: secretsmanager.amazonaws.com → AWS_SECRETS_MANAGER, kms.amazonaws.com →
 * AWS_KMS; other services are rejected</li>
 * <li>{@code time} ← {@code eventTime}, as CloudTrail writes it ({@code 2019-07-03T21:17:07Z}) or as Panther
 * normalises it ({@code 2019-07-03 21:17:07.000000000}, UTC)</li>
 * <li>{@code vault}: Secrets Manager → {@code aws-secretsmanager:<account>:<region>}, named
 * {@code secretsmanager/<region>}, account and region taken from the secret's ARN when the record has one (a
 * cross-account call is logged in the caller's trail too), else {@code recipientAccountId} /
 * {@code userIdentity.accountId} and {@code awsRegion}. KMS → the key's ARN (from {@code resources[]},
 * {@code requestParameters.keyId} or {@code responseElements.keyMetadata.arn}), named by its alias or key id; calls
 * without a key (ListKeys) → {@code aws-kms:<account>:<region>}, named {@code kms/<region>}</li>
 * <li>{@code operation.name} ← {@code eventName}; kind: GetSecretValue/BatchGetSecretValue → SECRET_READ;
 * ListSecrets/ListSecretVersionIds/ListKeys/ListAliases → SECRET_LIST; Describe*, Get*Policy, ListGrants →
 * VAULT_READ; Create/Put/Update/Restore/RotateSecret → SECRET_WRITE; DeleteSecret → SECRET_DELETE, or PURGE with
 * {@code forceDeleteWithoutRecovery}; Put/DeleteResourcePolicy, PutKeyPolicy, Create/Revoke/RetireGrant →
 * POLICY_CHANGE; Encrypt, Decrypt, GenerateDataKey…, ReEncrypt…, Sign, Verify, …Mac, GetPublicKey → KEY_USE; key
 * lifecycle (CreateKey, DisableKey, ScheduleKeyDeletion, ImportKeyMaterial, aliases, rotation…) → KEY_MANAGE;
 * secret replication → VAULT_MANAGE; else OTHER</li>
 * <li>{@code object}: the secret (SECRET; id = its ARN when known, else the id as sent; name without the ARN's
 * random {@code -XXXXXX} suffix) or the key (KEY; id = ARN, name = alias or key id); none for list calls</li>
 * <li>{@code result} ← {@code errorCode}: AccessDenied, *AccessDenied*, *UnauthorizedOperation → DENIED 403;
 * ResourceNotFoundException, NotFoundException → NOT_FOUND 404; other codes → FAILED 400; none → SUCCESS 200;
 * detail = {@code errorMessage}, else the code</li>
 * <li>{@code principal} ← {@code userIdentity} ({@code arn} or the older {@code aRN}): objectId =
 * {@code principalId}. IAMUser → USER, upn and displayName = userName. AssumedRole → displayName = the session
 * issuer's userName; the session name (last ARN segment) is the upn when it has an {@code @} or the role is an IAM
 * Identity Center one ({@code AWSReservedSSO_*}, whose session name is the person's sign-in), and the type is USER in
 * those cases, else APPLICATION. Root, FederatedUser, IdentityCenterUser → USER; AWSService → SERVICE named by
 * {@code invokedBy}; anything else → UNKNOWN. appId stays empty: an access key id is a credential, not an app.</li>
 * <li>{@code client.ip} ← {@code sourceIPAddress} only when it is an IP literal; a service name there (e.g.
 * {@code kafka.amazonaws.com}) becomes the userAgent when {@code userAgent} is absent</li>
 * <li>{@code correlationId} ← {@code requestID}; {@code eventId} ← hash of subscription, format and {@code eventID}
 * (so the S3 and EventBridge copies of a call share it), else of the record's JSON</li>
 * </ul>
 */
@ApplicationScoped
public class AwsCloudTrailFormat implements LogFormat {

    /**
     * Not kept: the identity's session attributes and access key, request parameters and response elements but those
     * read, TLS details, additional event data.
     */
    private static final KeptFields KEPT = KeptFields.of("eventSource", "eventName", "eventTime", "awsRegion",
            "recipientAccountId", "userIdentity.type", "userIdentity.principalId", "userIdentity.arn",
            "userIdentity.aRN", "userIdentity.accountId", "userIdentity.userName", "userIdentity.invokedBy",
            "userIdentity.sessionContext.sessionIssuer.userName", "eventID", "sourceIPAddress", "userAgent",
            "requestParameters.secretId", "requestParameters.name", "requestParameters.secretIdList",
            "requestParameters.keyId", "requestParameters.forceDeleteWithoutRecovery", "responseElements.arn",
            "responseElements.name", "responseElements.keyMetadata.arn", "errorCode", "errorMessage", "requestID",
            "resources.ARN", "resources.arn", "detail", "detail-type");
    private static final String SECRETS_MANAGER = "secretsmanager.amazonaws.com";
    private static final String KMS = "kms.amazonaws.com";
    private static final DateTimeFormatter PANTHER_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    @Override
    public String name() {
        return "aws-cloudtrail";
    }

    @Override
    public String envelopeField() {
        return "Records";
    }

    @Override
    public KeptFields keptFields() {
        return KEPT;
    }

    @Override
    public AccessEvent parse(JsonNode record, RecordText text, String subscriptionId, Instant receivedAt) {
        boolean wrapped = record.has("detail-type") || (record.has("detail") && !record.has("eventSource"));
        if (!wrapped) {
            return map(record, text, subscriptionId, receivedAt);
        }
        JsonNode detail = record.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new RecordException("detail", "must be the CloudTrail record of the EventBridge event");
        }
        try {
            // the wrapped record's id is its own, as when it comes unwrapped
            return map(detail, RecordText.of(detail), subscriptionId, receivedAt);
        } catch (RecordException e) {
            throw new RecordException("detail." + e.field(), e.getMessage());
        }
    }

    private AccessEvent map(JsonNode record, RecordText text, String subscriptionId, Instant receivedAt) {
        String eventSource = Json.requiredText(record, "eventSource");
        Source source = switch (eventSource) {
            case SECRETS_MANAGER -> Source.AWS_SECRETS_MANAGER;
            case KMS -> Source.AWS_KMS;
            default -> throw new RecordException("eventSource", "not a Secrets Manager or KMS event");
        };
        Instant time = eventTime(record);
        String eventName = Json.requiredText(record, "eventName");
        String region = Json.requiredText(record, "awsRegion");
        String account = Json.text(record, "recipientAccountId");
        if (account == null) {
            account = Json.text(record, "userIdentity.accountId");
        }
        if (account == null) {
            throw new RecordException("recipientAccountId", "is required when userIdentity.accountId is absent");
        }
        Vault vault;
        AccessEvent.ObjectRef object;
        if (source == Source.AWS_SECRETS_MANAGER) {
            object = secret(record);
            String arn = object != null && object.id().startsWith("arn:") ? object.id() : null;
            String secretRegion = arnPart(arn, 3);
            String secretAccount = arnPart(arn, 4);
            String vaultRegion = secretRegion != null ? secretRegion : region;
            vault = new Vault("aws-secretsmanager:" + (secretAccount != null ? secretAccount : account) + ":"
                    + vaultRegion, "secretsmanager/" + vaultRegion);
        } else {
            object = key(record);
            vault = object != null && object.id().startsWith("arn:") ? new Vault(object.id(), object.name())
                    : new Vault("aws-kms:" + account + ":" + region, "kms/" + region);
        }
        String eventId = Json.text(record, "eventID");
        String sourceIp = Json.text(record, "sourceIPAddress");
        boolean ipLiteral = IpAddresses.parse(sourceIp).isPresent();
        String userAgent = Json.text(record, "userAgent");
        return new AccessEvent(
                eventId != null ? DeterministicId.of(subscriptionId, name(), eventId)
                        : text.contentId(subscriptionId, name()),
                AccessEvent.SCHEMA_VERSION,
                subscriptionId,
                source,
                vault,
                time,
                receivedAt,
                new AccessEvent.Operation(eventName, kindOf(eventName, record)),
                object,
                result(record),
                principal(record),
                new AccessEvent.Client(ipLiteral ? sourceIp.strip() : null,
                        userAgent != null || ipLiteral ? userAgent : sourceIp),
                Json.text(record, "requestID"),
                IpEnrichment.none());
    }

    private static Instant eventTime(JsonNode record) {
        String value = Json.requiredText(record, "eventTime");
        Instant time = Json.time(value);
        if (time != null) {
            return time;
        }
        if (value.length() > 10 && value.charAt(10) == ' ' && value.indexOf('T') < 0) {
            // Panther's form, UTC: the fast reader takes it once it has ISO's separator and zone
            time = UtcInstants.parse(value.replace(' ', 'T') + 'Z');
            if (time != null) {
                return time;
            }
        }
        try {
            return LocalDateTime.parse(value, PANTHER_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new RecordException("eventTime", "is not an ISO-8601 timestamp or yyyy-MM-dd HH:mm:ss[.f] (UTC)");
        }
    }

    static OperationKind kindOf(String eventName, JsonNode record) {
        if (eventName.startsWith("GenerateDataKey") || eventName.startsWith("ReEncrypt")) {
            return OperationKind.KEY_USE;
        }
        return switch (eventName) {
            case "GetSecretValue", "BatchGetSecretValue" -> OperationKind.SECRET_READ;
            case "ListSecrets", "ListSecretVersionIds", "ListKeys", "ListAliases", "ListResourceTags" ->
                OperationKind.SECRET_LIST;
            case "DescribeSecret", "GetResourcePolicy", "ValidateResourcePolicy", "DescribeKey", "GetKeyPolicy",
                    "ListKeyPolicies", "ListGrants", "ListRetirableGrants", "GetKeyRotationStatus",
                    "GetParametersForImport" -> OperationKind.VAULT_READ;
            case "CreateSecret", "PutSecretValue", "UpdateSecret", "RestoreSecret", "RotateSecret",
                    "CancelRotateSecret", "UpdateSecretVersionStage" -> OperationKind.SECRET_WRITE;
            // without a recovery window the secret is gone at once: the Secrets Manager form of a purge
            case "DeleteSecret" -> record.path("requestParameters").path("forceDeleteWithoutRecovery").asBoolean(false)
                    ? OperationKind.PURGE : OperationKind.SECRET_DELETE;
            case "PutResourcePolicy", "DeleteResourcePolicy", "PutKeyPolicy", "CreateGrant", "RevokeGrant",
                    "RetireGrant" -> OperationKind.POLICY_CHANGE;
            case "Decrypt", "Encrypt", "Sign", "Verify", "GenerateMac", "VerifyMac", "GetPublicKey",
                    "DeriveSharedSecret" -> OperationKind.KEY_USE;
            case "CreateKey", "DisableKey", "EnableKey", "ScheduleKeyDeletion", "CancelKeyDeletion",
                    "ImportKeyMaterial", "DeleteImportedKeyMaterial", "EnableKeyRotation", "DisableKeyRotation",
                    "RotateKeyOnDemand", "UpdateKeyDescription", "CreateAlias", "DeleteAlias", "UpdateAlias",
                    "ReplicateKey", "UpdatePrimaryRegion" -> OperationKind.KEY_MANAGE;
            case "ReplicateSecretToRegions", "RemoveRegionsFromReplication", "StopReplicationToReplica" ->
                OperationKind.VAULT_MANAGE;
            default -> OperationKind.OTHER;
        };
    }

    /** The secret acted on, from the request (by ARN or name), the response, or {@code resources[]}. */
    private static AccessEvent.ObjectRef secret(JsonNode record) {
        String secretId = Json.text(record, "requestParameters.secretId");
        if (secretId == null) {
            secretId = Json.text(record, "requestParameters.name");
        }
        if (secretId == null) {
            JsonNode list = Json.at(record, "requestParameters.secretIdList");
            if (list != null && list.isArray() && list.size() == 1) {
                secretId = Json.firstText(record, "requestParameters.secretIdList");
            }
        }
        String arn = secretId != null && secretId.startsWith("arn:") ? secretId : null;
        if (arn == null) {
            arn = Json.text(record, "responseElements.arn");
        }
        if (arn == null && secretId == null) {
            arn = resourceArn(record, ":secret:");
        }
        if (arn == null && secretId == null) {
            return null;
        }
        String name = Json.text(record, "responseElements.name");
        if (name == null) {
            name = secretId != null && !secretId.startsWith("arn:") ? secretId : secretName(arn);
        }
        return new AccessEvent.ObjectRef(ObjectType.SECRET, arn != null ? arn : secretId, name);
    }

    /** {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>} → the name. */
    static String secretName(String arn) {
        int at = arn.indexOf(":secret:");
        if (at < 0) {
            return null;
        }
        String name = arn.substring(at + ":secret:".length());
        String stripped = hasRandomSuffix(name) ? name.substring(0, name.length() - 7) : name;
        return stripped.isEmpty() ? null : stripped;
    }

    /** Whether the name ends with the {@code -} and six letters or digits Secrets Manager appends to ARNs. */
    private static boolean hasRandomSuffix(String name) {
        int dash = name.length() - 7;
        if (dash < 0 || name.charAt(dash) != '-') {
            return false;
        }
        for (int i = dash + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static AccessEvent.ObjectRef key(JsonNode record) {
        String requested = Json.text(record, "requestParameters.keyId");
        String arn = resourceArn(record, ":key/");
        if (arn == null && requested != null && requested.startsWith("arn:") && requested.contains(":key/")) {
            arn = requested;
        }
        if (arn == null) {
            arn = Json.text(record, "responseElements.keyMetadata.arn");
        }
        if (arn == null && requested == null) {
            return null;
        }
        // an alias says more to a responder than a key id; the key id is the fallback
        String name = requested != null && requested.contains("alias/") ? shortKeyName(requested)
                : shortKeyName(arn != null ? arn : requested);
        return new AccessEvent.ObjectRef(ObjectType.KEY, arn != null ? arn : requested, name);
    }

    /** {@code arn:…:key/1234} → {@code 1234}; {@code arn:…:alias/x} → {@code alias/x}; anything else as is. */
    static String shortKeyName(String keyId) {
        int alias = keyId.indexOf("alias/");
        if (alias >= 0) {
            return keyId.substring(alias);
        }
        int key = keyId.indexOf(":key/");
        return key >= 0 && key + 5 < keyId.length() ? keyId.substring(key + 5) : keyId;
    }

    private static String resourceArn(JsonNode record, String marker) {
        JsonNode resources = record.get("resources");
        if (resources == null || !resources.isArray()) {
            return null;
        }
        for (JsonNode resource : resources) {
            String arn = Json.text(resource, "ARN");
            if (arn == null) {
                arn = Json.text(resource, "arn");
            }
            if (arn != null && arn.contains(marker)) {
                return arn;
            }
        }
        return null;
    }

    /** The {@code index}th colon-separated part of an ARN (3 = region, 4 = account), or null. */
    private static String arnPart(String arn, int index) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", -1);
        return parts.length > index && !parts[index].isBlank() ? parts[index] : null;
    }

    private static AccessEvent.Result result(JsonNode record) {
        String code = Json.text(record, "errorCode");
        if (code == null) {
            return new AccessEvent.Result(Outcome.SUCCESS, 200, null);
        }
        String message = Json.text(record, "errorMessage");
        String detail = message != null ? message : code;
        if (code.contains("AccessDenied") || code.endsWith("UnauthorizedOperation")) {
            return new AccessEvent.Result(Outcome.DENIED, 403, detail);
        }
        if (code.equals("ResourceNotFoundException") || code.equals("NotFoundException")) {
            return new AccessEvent.Result(Outcome.NOT_FOUND, 404, detail);
        }
        return new AccessEvent.Result(Outcome.FAILED, 400, detail);
    }

    static Principal principal(JsonNode record) {
        JsonNode identity = Json.object(record, "userIdentity");
        if (identity == null) {
            return Principal.unknown();
        }
        String type = Json.text(identity, "type");
        String principalId = Json.text(identity, "principalId");
        String userName = Json.text(identity, "userName");
        String arn = arn(identity);
        if (type == null) {
            return new Principal(PrincipalType.UNKNOWN, principalId, null, null, userName);
        }
        switch (type) {
            case "IAMUser", "IdentityCenterUser":
                return new Principal(PrincipalType.USER, principalId, userName, null, userName);
            case "Root":
                return new Principal(PrincipalType.USER, principalId, null, null, userName != null ? userName : "root");
            case "FederatedUser": {
                String name = lastSegment(arn);
                return new Principal(PrincipalType.USER, principalId, email(name), null, name);
            }
            case "AWSService":
                return new Principal(PrincipalType.SERVICE, principalId, null, null, Json.text(identity, "invokedBy"));
            case "AssumedRole":
                return assumedRole(identity, principalId, arn);
            default:
                return new Principal(PrincipalType.UNKNOWN, principalId, null, null, userName);
        }
    }

    private static Principal assumedRole(JsonNode identity, String principalId, String arn) {
        // arn:aws:sts::<account>:assumed-role/<role>/<session>; principalId is <role id>:<session>
        String[] resource = arn == null ? new String[0] : arn.substring(arn.lastIndexOf(':') + 1).split("/");
        String role = resource.length > 1 ? resource[1] : null;
        String session = resource.length > 2 ? resource[resource.length - 1] : null;
        if (session == null && principalId != null && principalId.indexOf(':') >= 0) {
            session = principalId.substring(principalId.indexOf(':') + 1);
        }
        String issuer = Json.text(identity, "sessionContext.sessionIssuer.userName");
        String displayName = issuer != null ? issuer : role;
        boolean sso = arn != null && arn.contains("AWSReservedSSO");
        boolean person = sso || email(session) != null;
        String upn = person && session != null && !session.isBlank() ? session : null;
        return new Principal(person ? PrincipalType.USER : PrincipalType.APPLICATION, principalId, upn, null,
                displayName);
    }

    private static String arn(JsonNode node) {
        String arn = Json.text(node, "arn");
        return arn != null ? arn : Json.text(node, "aRN");
    }

    private static String email(String name) {
        return name != null && name.indexOf('@') > 0 ? name : null;
    }

    private static String lastSegment(String arn) {
        if (arn == null) {
            return null;
        }
        String last = arn.substring(arn.lastIndexOf('/') + 1);
        return last.isBlank() ? null : last;
    }
}
