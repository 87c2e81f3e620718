package io.vigil.detection;

import java.time.Instant;
import java.util.List;

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

/**
 * Access events as ingest-service emits them, built fluently: {@code TestEvents.by(ALICE).on(KV_PROD).reads("x")
 * .from("203.0.113.10").at(t)}. Ids are derived from content, so equal events are duplicates as in production.
 */
public final class TestEvents {

    public static final String SUBSCRIPTION = "sub-a";
    public static final Vault KV_PROD = vault("kv-prod");
    public static final Vault KV_DEV = vault("kv-dev");

    public static final Principal ALICE = new Principal(PrincipalType.USER, "oid-alice", "alice@contoso.com",
            "app-cli", null);
    public static final Principal BOB = new Principal(PrincipalType.USER, "oid-bob", "bob@contoso.com", "app-portal",
            null);
    public static final Principal PAYMENTS = new Principal(PrincipalType.APPLICATION, "oid-payments", null,
            "app-payments", "payments-api");
    public static final Principal MALLORY = new Principal(PrincipalType.USER, "oid-mallory", "mallory@contoso.com",
            "app-cli", null);

    private final Principal principal;
    private final Vault vault;
    private final AccessEvent.Operation operation;
    private final AccessEvent.ObjectRef object;
    private final Outcome outcome;
    private final String ip;
    private final IpEnrichment enrichment;

    private TestEvents(Principal principal, Vault vault, AccessEvent.Operation operation,
            AccessEvent.ObjectRef object, Outcome outcome, String ip, IpEnrichment enrichment) {
        this.principal = principal;
        this.vault = vault;
        this.operation = operation;
        this.object = object;
        this.outcome = outcome;
        this.ip = ip;
        this.enrichment = enrichment;
    }

    public static Vault vault(String name) {
        return new Vault("/subscriptions/" + SUBSCRIPTION + "/resourcegroups/rg/providers/microsoft.keyvault/vaults/"
                + name, name);
    }

    public static TestEvents by(Principal principal) {
        return new TestEvents(principal, KV_PROD, new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ),
                secret("db-password"), Outcome.SUCCESS, "10.0.0.5", privateIp());
    }

    public TestEvents on(Vault vault) {
        return new TestEvents(principal, vault, operation, object, outcome, ip, enrichment);
    }

    public TestEvents as(Principal principal) {
        return new TestEvents(principal, vault, operation, object, outcome, ip, enrichment);
    }

    public TestEvents reads(String secret) {
        return new TestEvents(principal, vault, new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ),
                secret(secret), outcome, ip, enrichment);
    }

    public TestEvents lists() {
        return new TestEvents(principal, vault, new AccessEvent.Operation("SecretList", OperationKind.SECRET_LIST),
                new AccessEvent.ObjectRef(ObjectType.VAULT, vault.id(), null), outcome, ip, enrichment);
    }

    public TestEvents changesPolicy() {
        return new TestEvents(principal, vault, new AccessEvent.Operation("VaultPut", OperationKind.POLICY_CHANGE),
                new AccessEvent.ObjectRef(ObjectType.POLICY, vault.id(), null), outcome, ip, enrichment);
    }

    public TestEvents purges(String secret) {
        return new TestEvents(principal, vault, new AccessEvent.Operation("SecretPurge", OperationKind.PURGE),
                secret(secret), outcome, ip, enrichment);
    }

    public TestEvents denied() {
        return new TestEvents(principal, vault, operation, object, Outcome.DENIED, ip, enrichment);
    }

    /** An external address with no reputation. */
    public TestEvents from(String ip) {
        return new TestEvents(principal, vault, operation, object, outcome, ip, IpEnrichment.none());
    }

    public TestEvents from(String ip, IpEnrichment enrichment) {
        return new TestEvents(principal, vault, operation, object, outcome, ip, enrichment);
    }

    public AccessEvent at(Instant time) {
        String objectId = object == null ? null : object.id();
        String id = DeterministicId.of(principal.label(), vault.id(), operation.name(), String.valueOf(objectId),
                outcome.name(), ip, time.toString());
        return new AccessEvent(id, AccessEvent.SCHEMA_VERSION, SUBSCRIPTION, Source.AZURE_KEY_VAULT, vault, time,
                time, operation, object, new AccessEvent.Result(outcome, outcome == Outcome.SUCCESS ? 200 : 403, null),
                principal, new AccessEvent.Client(ip, "azsdk-java"), null, enrichment);
    }

    public static AccessEvent secretRead(String ip, IpEnrichment enrichment, Outcome outcome, Instant time) {
        TestEvents event = by(MALLORY).from(ip, enrichment);
        return (outcome == Outcome.SUCCESS ? event : event.denied()).at(time);
    }

    public static IpEnrichment tor() {
        return new IpEnrichment(true, List.of(), false, false);
    }

    public static IpEnrichment threatListed() {
        return new IpEnrichment(false, List.of(new IpEnrichment.ThreatListMatch("feodo", "ab12")), false, false);
    }

    public static IpEnrichment privateIp() {
        return new IpEnrichment(false, List.of(), false, true);
    }

    private static AccessEvent.ObjectRef secret(String name) {
        return new AccessEvent.ObjectRef(ObjectType.SECRET, "https://kv.vault.azure.net/secrets/" + name, name);
    }
}
