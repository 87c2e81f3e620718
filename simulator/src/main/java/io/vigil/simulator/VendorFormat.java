package io.vigil.simulator;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.events.AccessEvent;
import io.vigil.events.DeterministicId;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.PrincipalType;

/**
 * Writes an access event as the record a vault product would have logged, in the shape ingest-service reads back
 * (see its README's mapping tables). Ingest derives its own event ids from these records, and enrichment (Tor, threat
 * lists) comes from its lists: {@code generate} writes the lists the attacks need next to the events.
 */
abstract class VendorFormat {

    final String name;

    private VendorFormat(String name) {
        this.name = name;
    }

    static VendorFormat of(String name) {
        return switch (name) {
            case "vigil" -> new Canonical();
            case "azure-keyvault" -> new Azure();
            case "hashicorp-vault" -> new HashiCorp();
            case "aws-cloudtrail" -> new CloudTrail();
            default -> throw new IllegalArgumentException("unknown format " + name
                    + ": vigil, azure-keyvault, hashicorp-vault or aws-cloudtrail");
        };
    }

    /** The event as one JSON line. */
    String line(AccessEvent event) {
        try {
            return Json.MAPPER.writeValueAsString(record(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    abstract Object record(AccessEvent event);

    static boolean user(AccessEvent e) {
        return e.principal().type() == PrincipalType.USER;
    }

    /** Vigil's canonical AccessEvent. */
    static final class Canonical extends VendorFormat {
        Canonical() {
            super("vigil");
        }

        @Override
        Object record(AccessEvent event) {
            return event;
        }
    }

    /** Azure Key Vault diagnostic log, category AuditEvent. */
    static final class Azure extends VendorFormat {
        Azure() {
            super("azure-keyvault");
        }

        @Override
        Object record(AccessEvent e) {
            ObjectNode r = Json.MAPPER.createObjectNode();
            r.put("time", e.time().toString());
            r.put("resourceId", e.vault().id().toUpperCase(Locale.ROOT));
            r.put("operationName", e.operation().name());
            r.put("operationVersion", "7.4");
            r.put("category", "AuditEvent");
            r.put("resultType", e.result().outcome() == Outcome.SUCCESS ? "Success" : "Failure");
            r.put("resultSignature", switch (e.result().outcome()) {
                case SUCCESS -> "OK";
                case DENIED -> "Forbidden";
                case NOT_FOUND -> "NotFound";
                case FAILED -> "InternalServerError";
            });
            r.put("resultDescription", e.result().detail() == null ? "" : e.result().detail());
            r.put("durationMs", "12");
            r.put("callerIpAddress", e.client().ip());
            r.put("correlationId", DeterministicId.of("correlation", e.eventId()));
            ObjectNode claim = r.putObject("identity").putObject("claim");
            claim.put("oid", e.principal().objectId());
            if (e.principal().upn() != null) {
                claim.put("upn", e.principal().upn());
            }
            claim.put("appid", e.principal().appId());
            ObjectNode properties = r.putObject("properties");
            String vaultUri = "https://" + e.vault().name() + ".vault.azure.net/";
            properties.put("id", e.object() != null && e.object().name() != null ? e.object().id() : vaultUri);
            properties.put("clientInfo", e.client().userAgent());
            properties.put("httpStatusCode", e.result().httpStatus());
            return r;
        }
    }

    /**
     * HashiCorp Vault audit device, one response entry per call; each simulated vault is a KV v2 mount named after
     * it. Policy changes are writes to {@code sys/policy/<vault>-readers}, which Vault logs on the {@code sys} mount,
     * not on the KV mount; backups have no Vault equivalent and are logged as reads.
     */
    static final class HashiCorp extends VendorFormat {
        HashiCorp() {
            super("hashicorp-vault");
        }

        @Override
        Object record(AccessEvent e) {
            ObjectNode r = Json.MAPPER.createObjectNode();
            r.put("time", e.time().toString());
            r.put("type", "response");
            ObjectNode auth = r.putObject("auth");
            auth.put("accessor", "hmac-sha256:" + DeterministicId.of("accessor", e.principal().objectId()));
            auth.put("entity_id", e.principal().objectId());
            auth.putArray("policies").add("default");
            ObjectNode metadata = auth.putObject("metadata");
            if (user(e)) {
                auth.put("display_name", "oidc-" + e.principal().upn());
                metadata.put("email", e.principal().upn());
            } else {
                auth.put("display_name", "approle");
                metadata.put("role_name", e.principal().label());
            }
            String mount = e.vault().name();
            String secret = e.object() == null || e.object().name() == null ? "" : e.object().name();
            String operation;
            String path;
            switch (e.operation().kind()) {
                case SECRET_LIST -> {
                    operation = "list";
                    path = mount + "/metadata/";
                }
                case SECRET_WRITE -> {
                    operation = "update";
                    path = mount + "/data/" + secret;
                }
                case SECRET_DELETE -> {
                    operation = "delete";
                    path = mount + "/data/" + secret;
                }
                case PURGE -> {
                    operation = "delete";
                    path = mount + "/metadata/" + secret;
                }
                case POLICY_CHANGE -> {
                    operation = "update";
                    path = "sys/policy/" + mount + "-readers";
                    mount = "sys";
                }
                case VAULT_READ -> {
                    operation = "read";
                    path = "sys/mounts/" + mount;
                    mount = "sys";
                }
                case KEY_USE -> {
                    operation = "update";
                    path = "transit/sign/" + secret;
                    mount = "transit";
                }
                default -> {
                    operation = "read";
                    path = mount + "/data/" + secret;
                }
            }
            ObjectNode request = r.putObject("request");
            request.put("id", DeterministicId.of("request", e.eventId()));
            request.put("operation", operation);
            request.put("mount_point", mount + "/");
            request.put("mount_type", mount.equals("sys") ? "system" : mount.equals("transit") ? "transit" : "kv");
            request.putObject("namespace").put("id", "root");
            request.put("path", path);
            request.put("remote_address", e.client().ip());
            request.putObject("headers").putArray("user-agent").add(e.client().userAgent());
            r.putObject("response").put("mount_type", request.get("mount_type").asText());
            switch (e.result().outcome()) {
                case DENIED -> r.put("error", "1 error occurred:\n\t* permission denied\n\n");
                case NOT_FOUND -> r.put("error", "not found");
                case FAILED -> r.put("error", "internal error");
                default -> { }
            }
            return r;
        }
    }

    /**
     * AWS CloudTrail for Secrets Manager (and KMS for key use): each simulated vault is an account's Secrets Manager
     * in one region. People are IAM users, services assumed roles. Backups are logged as GetSecretValue.
     */
    static final class CloudTrail extends VendorFormat {
        private static final DateTimeFormatter SECONDS = DateTimeFormatter.ISO_INSTANT;

        CloudTrail() {
            super("aws-cloudtrail");
        }

        @Override
        Object record(AccessEvent e) {
            ObjectNode r = Json.MAPPER.createObjectNode();
            String account = String.format("%012d", Math.floorMod(e.vault().id().hashCode(), 1_000_000_000_000L));
            String region = "eu-west-1";
            r.put("eventVersion", "1.09");
            ObjectNode identity = r.putObject("userIdentity");
            identity.put("principalId", e.principal().objectId());
            identity.put("accountId", account);
            if (user(e)) {
                identity.put("type", "IAMUser");
                identity.put("userName", e.principal().upn());
                identity.put("arn", "arn:aws:iam::" + account + ":user/" + e.principal().upn());
            } else {
                identity.put("type", "AssumedRole");
                identity.put("arn", "arn:aws:sts::" + account + ":assumed-role/" + e.principal().label() + "/session");
                ObjectNode issuer = identity.putObject("sessionContext").putObject("sessionIssuer");
                issuer.put("type", "Role");
                issuer.put("userName", e.principal().label());
                issuer.put("arn", "arn:aws:iam::" + account + ":role/" + e.principal().label());
            }
            r.put("eventTime", SECONDS.format(e.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            boolean kms = e.operation().kind() == OperationKind.KEY_USE;
            r.put("eventSource", kms ? "kms.amazonaws.com" : "secretsmanager.amazonaws.com");
            String secret = e.object() == null || e.object().name() == null ? null : e.object().name();
            String secretArn = secret == null ? null
                    : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + secret + "-AbCdEf";
            ObjectNode parameters = r.putObject("requestParameters");
            String eventName = switch (e.operation().kind()) {
                case SECRET_LIST -> "ListSecrets";
                case SECRET_WRITE -> "PutSecretValue";
                case SECRET_DELETE, PURGE -> "DeleteSecret";
                case POLICY_CHANGE -> "PutResourcePolicy";
                case VAULT_READ -> "DescribeSecret";
                case KEY_USE -> "Sign";
                default -> "GetSecretValue";
            };
            r.put("eventName", eventName);
            if (kms) {
                parameters.put("keyId", "arn:aws:kms:" + region + ":" + account + ":key/" + secret);
            } else if (secretArn != null) {
                parameters.put("secretId", secretArn);
            }
            if (e.operation().kind() == OperationKind.PURGE) {
                parameters.put("forceDeleteWithoutRecovery", true);
            }
            r.put("awsRegion", region);
            r.put("sourceIPAddress", e.client().ip());
            r.put("userAgent", e.client().userAgent());
            switch (e.result().outcome()) {
                case DENIED -> r.put("errorCode", "AccessDenied");
                case NOT_FOUND -> r.put("errorCode", "ResourceNotFoundException");
                case FAILED -> r.put("errorCode", "InternalServiceError");
                default -> { }
            }
            r.put("requestID", DeterministicId.of("request", e.eventId()));
            r.put("eventID", e.eventId());
            r.put("eventType", "AwsApiCall");
            r.put("recipientAccountId", account);
            return r;
        }
    }
}
