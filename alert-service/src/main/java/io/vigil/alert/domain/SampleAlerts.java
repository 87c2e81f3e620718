package io.vigil.alert.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;

/**
 * Sample alerts, as Defender for Cloud offers them: one of every detection type with realistic content, so an
 * operator can watch the whole chain (list, detail, email, export) without an attack. Each keeps its real type (so
 * notification and export filters treat it like the real thing), is marked {@code simulated}, and says so in its
 * display name ({@value #PREFIX}), its evidence and its correlation key ({@value #KEY_PREFIX}...).
 */
public final class SampleAlerts {

    public static final String PREFIX = "[Sample alert] ";
    public static final String KEY_PREFIX = "SIMULATED_";

    private static final String TOR_EXIT = "185.220.101.47";
    private static final String LISTED_IP = "45.155.205.233";
    private static final String OFFICE_IP = "203.0.113.24";

    private SampleAlerts() {
    }

    /** Every type detection raises (not Vigil's own), in catalog order. */
    public static List<AlertType> types() {
        return Arrays.stream(AlertType.values()).filter(type -> !type.vigilInternal()).toList();
    }

    /**
     * One sample of {@code type} for the subscription. {@code batch} tells requests apart: it is part of the
     * correlation key and the id, so every request raises new alerts instead of updating earlier samples.
     */
    public static Alert of(AlertType type, String subscriptionId, String batch, String requestedBy, Instant now) {
        String vaultName = "kv-sample-payments";
        String vaultId = "/subscriptions/" + subscriptionId + "/resourceGroups/rg-sample/providers/"
                + "Microsoft.KeyVault/vaults/" + vaultName;
        boolean app = type == AlertType.KV_AppAnomaly;
        Principal principal = app
                ? new Principal(PrincipalType.APPLICATION, "5d3c1e8a-0f4b-4c39-9a27-sample00app1", null,
                        "8f2e6c4d-1a3b-4e5f-9c7d-sample0appid", "sample-reporting-job")
                : new Principal(PrincipalType.USER, "0b6e9a41-7c2d-4f18-8e35-sample00user",
                        "mallory.sample@contoso.example", type == AlertType.KV_UserAppAnomaly
                                ? "04b07795-8ddb-461a-bbee-02f9e1bf7b46" : null, "Mallory (sample)");
        String ip = switch (type) {
            case KV_TORAccess -> TOR_EXIT;
            case KV_SuspiciousIPAccess, KV_SuspiciousIPAccessDenied, KV_UnusualAccessSuspiciousIP -> LISTED_IP;
            default -> OFFICE_IP;
        };
        IpEnrichment enrichment = new IpEnrichment(ip.equals(TOR_EXIT),
                ip.equals(LISTED_IP) ? List.of(new IpEnrichment.ThreatListMatch("sample-threat-list", "sample"))
                        : List.of(), false, false);
        Instant lastSeen = now.minus(Duration.ofMinutes(2));
        Instant firstSeen = lastSeen.minus(Duration.ofMinutes(18));
        List<AccessedObject> objects = objects(type, vaultName, lastSeen);

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("simulated", true);
        facts.put("requestedBy", requestedBy);
        facts.put("ip", ip);
        String summary = summary(type, principal.label(), ip, vaultName, objects.size(), facts);

        String key = String.join("|", KEY_PREFIX + type.name(), subscriptionId, batch);
        Alert alert = new Alert();
        alert.id = DeterministicId.of(key);
        alert.version = 1;
        alert.subscriptionId = subscriptionId;
        alert.alertType = type;
        alert.displayName = PREFIX + type.displayName();
        alert.description = Playbook.description(type);
        alert.severity = type.severity();
        alert.status = AlertStatus.ACTIVE;
        alert.source = Source.AZURE_KEY_VAULT;
        alert.vaultId = vaultId;
        alert.vaultName = vaultName;
        alert.firstSeen = firstSeen;
        alert.lastSeen = lastSeen;
        alert.detectionCount = 1;
        alert.details = new AlertDetails(type.tactics(), type.techniques(), principal,
                new AccessEvent.Client(ip, app ? "azsdk-java-security-keyvault-secrets/4.8.0" : "curl/8.5.0"),
                enrichment, objects, new Evidence("Sample alert: " + summary, facts), Playbook.remediation(type));
        alert.correlationKey = key;
        alert.simulated = true;
        alert.createdAt = now;
        alert.updatedAt = now;
        return alert;
    }

    private static List<AccessedObject> objects(AlertType type, String vault, Instant lastSeen) {
        boolean denied = type == AlertType.KV_AccountVolumeAccessDeniedAnomaly
                || type == AlertType.KV_UserAccessDeniedAnomaly || type == AlertType.KV_SuspiciousIPAccessDenied;
        String operation = type == AlertType.KV_PutGetAnomaly ? "VaultPut" : "SecretGet";
        List<AccessedObject> objects = new ArrayList<>();
        String[] secrets = {"payments-db-password", "stripe-api-key", "storage-connection-string"};
        for (int i = 0; i < secrets.length; i++) {
            objects.add(new AccessedObject("https://" + vault + ".vault.azure.net/secrets/" + secrets[i],
                    secrets[i], i == 0 && !denied ? operation : "SecretGet", lastSeen.minus(Duration.ofMinutes(i))));
        }
        return objects;
    }

    private static String summary(AlertType type, String who, String ip, String vault, int objects,
            Map<String, Object> facts) {
        switch (type) {
            case KV_TORAccess:
                return who + " read " + objects + " secrets in " + vault + " from " + ip + ", a Tor exit node.";
            case KV_SuspiciousIPAccess:
            case KV_UnusualAccessSuspiciousIP:
                facts.put("threatList", "sample-threat-list");
                return who + " read " + objects + " secrets in " + vault + " from " + ip
                        + ", listed by threat intelligence.";
            case KV_SuspiciousIPAccessDenied:
                facts.put("threatList", "sample-threat-list");
                facts.put("deniedRequests", 27);
                return who + " was denied 27 times on " + vault + " from " + ip + ", listed by threat intelligence.";
            case KV_OperationVolumeAnomaly:
                facts.put("operations", 1840);
                facts.put("baselineP99", 120);
                return who + " performed 1840 operations on " + vault + " in an hour; the baseline p99 is 120.";
            case KV_PutGetAnomaly:
                return who + " changed the access policy of " + vault + " and read " + objects
                        + " secrets minutes later.";
            case KV_ListGetAnomaly:
                facts.put("listedSecrets", 212);
                return who + " listed 212 secrets in " + vault + " and read " + objects + " of them, unlike before.";
            case KV_AccountVolumeAccessDeniedAnomaly:
                facts.put("vaultsDenied", 14);
                return who + " was denied on 14 key vaults within an hour; usually on none.";
            case KV_UserAccessDeniedAnomaly:
                facts.put("deniedRequests", 9);
                return who + ", never seen on " + vault + " before, was denied 9 times.";
            case KV_AppAnomaly:
                facts.put("learningDays", 30);
                return "Application " + who + " accessed " + vault + " for the first time in 30 days of learning.";
            case KV_OperationPatternAnomaly:
                facts.put("unusualOperations", List.of("SecretBackup", "SecretList"));
                return who + " ran SecretBackup and SecretList on " + vault + ", operations never seen from them.";
            case KV_UserAnomaly:
                facts.put("learningDays", 30);
                return who + " accessed " + vault + " for the first time in 30 days of learning.";
            case KV_UserAppAnomaly:
                facts.put("application", "Azure CLI");
                return who + " accessed " + vault + " through Azure CLI, a pairing never seen before.";
            case KV_AccountVolumeAnomaly:
                facts.put("vaultsAccessed", 23);
                facts.put("baselineVaults", 2);
                return who + " accessed 23 key vaults within an hour; usually 2.";
            default:
                return who + " accessed " + vault + " from " + ip + ".";
        }
    }
}
