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

/** Access events as ingest-service emits them, varied only where a test needs it. */
public final class TestEvents {

    public static final Vault KV_PROD = new Vault("/subscriptions/sub-a/resourcegroups/rg/providers/"
            + "microsoft.keyvault/vaults/kv-prod", "kv-prod");

    private TestEvents() {
    }

    public static AccessEvent secretRead(String ip, IpEnrichment enrichment, Outcome outcome, Instant time) {
        return new AccessEvent(DeterministicId.of(ip, time.toString(), outcome.name()), AccessEvent.SCHEMA_VERSION,
                "sub-a", Source.AZURE_KEY_VAULT, KV_PROD, time, time,
                new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ),
                new AccessEvent.ObjectRef(ObjectType.SECRET, "https://kv-prod.vault.azure.net/secrets/db-password",
                        "db-password"),
                new AccessEvent.Result(outcome, outcome == Outcome.SUCCESS ? 200 : 403, null),
                new Principal(PrincipalType.USER, "oid-mallory", "mallory@contoso.com", null, null),
                new AccessEvent.Client(ip, "curl/8.5.0"), null, enrichment);
    }

    public static IpEnrichment tor() {
        return new IpEnrichment(true, List.of(), false, false);
    }
}
