package io.vigil.simulator;

import java.time.Instant;
import java.util.List;

import io.vigil.events.AccessEvent;
import io.vigil.events.DeterministicId;
import io.vigil.events.IpEnrichment;
import io.vigil.events.ObjectType;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.Source;
import io.vigil.events.Vault;

/** Builds canonical access events as ingest-service would emit them for Azure Key Vault records. */
final class Events {

    static final IpEnrichment PRIVATE = new IpEnrichment(false, List.of(), false, true);
    static final IpEnrichment PUBLIC = IpEnrichment.none();
    static final IpEnrichment TOR = new IpEnrichment(true, List.of(), false, false);
    static final IpEnrichment THREAT_LISTED = new IpEnrichment(false,
            List.of(new IpEnrichment.ThreatListMatch("firehol-level1", "simulated")), false, false);

    private Events() {
    }

    static final IpEnrichment TRUSTED = new IpEnrichment(false, List.of(), true, false);

    /**
     * As ingest enriches the address: private, one of the organisation's office or VPN egress ranges (configured as
     * the subscription's trusted networks, as the product documents), or just public.
     */
    static IpEnrichment enrichment(String ip) {
        if (ip.startsWith("10.")) {
            return PRIVATE;
        }
        String range = ip.substring(0, ip.lastIndexOf('.'));
        return World.TRUSTED_RANGES.contains(range) ? TRUSTED : PUBLIC;
    }

    /**
     * One event; {@code id} must be unique in the scenario (the caller derives it from the actor, day and a counter).
     */
    static AccessEvent of(String id, World.SimVault simVault, Instant time, OperationKind kind, String objectName,
            Outcome outcome, Principal principal, String ip, IpEnrichment enrichment, String userAgent) {
        Vault vault = simVault.vault();
        String host = "https://" + vault.name() + ".vault.azure.net";
        AccessEvent.ObjectRef object = switch (kind) {
            case SECRET_READ, SECRET_WRITE, SECRET_DELETE, PURGE, BACKUP -> new AccessEvent.ObjectRef(ObjectType.SECRET,
                    host + "/secrets/" + objectName, objectName);
            case KEY_USE, KEY_MANAGE -> new AccessEvent.ObjectRef(ObjectType.KEY, host + "/keys/" + objectName,
                    objectName);
            case POLICY_CHANGE -> new AccessEvent.ObjectRef(ObjectType.POLICY, vault.id(), null);
            default -> new AccessEvent.ObjectRef(ObjectType.VAULT, vault.id(), null);
        };
        int status = switch (outcome) {
            case SUCCESS -> 200;
            case DENIED -> 403;
            case NOT_FOUND -> 404;
            case FAILED -> 500;
        };
        return new AccessEvent(DeterministicId.of("simulator", id), AccessEvent.SCHEMA_VERSION,
                simVault.subscriptionId(), Source.AZURE_KEY_VAULT, vault, time, time,
                new AccessEvent.Operation(operationName(kind), kind), object,
                new AccessEvent.Result(outcome, status, outcome == Outcome.SUCCESS ? null : detail(outcome)),
                principal, new AccessEvent.Client(ip, userAgent), null, enrichment);
    }

    /** Azure Key Vault's operation name for a kind, as ingest maps it back. */
    static String operationName(OperationKind kind) {
        return switch (kind) {
            case SECRET_READ -> "SecretGet";
            case SECRET_LIST -> "SecretList";
            case SECRET_WRITE -> "SecretSet";
            case SECRET_DELETE -> "SecretDelete";
            case PURGE -> "SecretPurge";
            case BACKUP -> "SecretBackup";
            case KEY_USE -> "KeySign";
            case KEY_MANAGE -> "KeyCreate";
            case POLICY_CHANGE -> "VaultPut";
            case VAULT_READ -> "VaultGet";
            case VAULT_MANAGE -> "VaultDelete";
            case AUTH -> "Authentication";
            default -> "Other";
        };
    }

    private static String detail(Outcome outcome) {
        return switch (outcome) {
            case DENIED -> "Caller is not authorized to perform action on resource.";
            case NOT_FOUND -> "Secret not found";
            default -> "Internal error";
        };
    }
}
