package io.vigil.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.events.Vault;

/** Detections as detection-service emits them, for alert-service tests. */
public final class TestDetections {

    private TestDetections() {
    }

    /**
     * A Tor access by this caller from this IP on one secret in vault kv-prod. Detections of one caller object id
     * share a correlation key, so they aggregate into one alert.
     */
    public static Detection tor(String subscription, String callerObjectId, String upn, String ip, String secret,
            Instant time) {
        Vault vault = new Vault("/subscriptions/" + subscription + "/providers/microsoft.keyvault/vaults/kv-prod",
                "kv-prod");
        String eventId = DeterministicId.of(callerObjectId, secret, time.toString());
        String key = String.join("|", subscription, "KV_TORAccess", vault.id(), callerObjectId);
        return new Detection(DeterministicId.of("KV_TORAccess", eventId), Detection.SCHEMA_VERSION,
                AlertType.KV_TORAccess, subscription, Source.AZURE_KEY_VAULT, vault,
                new Principal(PrincipalType.USER, callerObjectId, upn, null, null),
                new AccessEvent.Client(ip, "curl/8.5.0"), new IpEnrichment(true, List.of(), false, false),
                AlertType.KV_TORAccess.severity(), AlertType.KV_TORAccess.tactics(),
                AlertType.KV_TORAccess.techniques(), time, time,
                new Evidence(upn + " read secret " + secret + " in vault kv-prod from " + ip + ", a Tor exit node.",
                        Map.of("ip", ip)),
                List.of(new AccessedObject("https://kv-prod.vault.azure.net/secrets/" + secret, secret, "SecretGet",
                        time)),
                1, List.of(eventId), key);
    }
}
