package io.vigil.notification.format;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Severity;

/**
 * An alert change as an OCSF 1.1 Detection Finding (category Findings 2, class 2004): activity Create / Update /
 * Close, severity and status ids, {@code finding_info} with the ATT&amp;CK mapping, the vault and the secrets as
 * {@code resources}, the caller as {@code actor} and {@code src_endpoint}, {@code observables}, and
 * {@code metadata.product} "Vigil". What OCSF has no place for is under {@code unmapped.vigil}.
 */
public final class Ocsf {

    public static final String SCHEMA_VERSION = "1.1.0";
    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;

    private static final Map<String, String> TACTICS = Map.of(
            "Credential Access", "TA0006",
            "Discovery", "TA0007",
            "Initial Access", "TA0001",
            "Defense Evasion", "TA0005");
    private static final Map<String, String> TECHNIQUES = Map.of(
            "T1555.006", "Credentials from Password Stores: Cloud Secrets Management Stores",
            "T1562", "Impair Defenses");

    private Ocsf() {
    }

    public static ObjectNode finding(ObjectMapper mapper, AlertEvent a, String link, boolean snapshot) {
        ObjectNode f = mapper.createObjectNode();
        int activity = activity(a);
        f.put("category_uid", CATEGORY_UID);
        f.put("category_name", "Findings");
        f.put("class_uid", CLASS_UID);
        f.put("class_name", "Detection Finding");
        f.put("activity_id", activity);
        f.put("activity_name", switch (activity) {
            case 1 -> "Create";
            case 3 -> "Close";
            default -> "Update";
        });
        f.put("type_uid", CLASS_UID * 100 + activity);
        f.put("type_name", "Detection Finding: " + f.get("activity_name").asText());
        f.put("time", millis(a.updatedAt() != null ? a.updatedAt() : a.lastSeen()));
        f.put("severity_id", severityId(a.severity()));
        f.put("severity", a.severity() == null ? "Unknown" : a.severity().label());
        f.put("status_id", statusId(a.status()));
        f.put("status", status(a.status()));
        f.put("message", a.evidence() != null && a.evidence().summary() != null ? a.evidence().summary()
                : a.description());

        ObjectNode info = f.putObject("finding_info");
        info.put("uid", a.alertId());
        info.put("title", a.displayName());
        info.put("desc", a.description());
        info.putArray("types").add(a.alertType() == null ? "unknown" : a.alertType().name());
        putTime(info, "created_time", a.createdAt());
        putTime(info, "modified_time", a.updatedAt());
        putTime(info, "first_seen_time", a.firstSeen());
        putTime(info, "last_seen_time", a.lastSeen());
        info.put("src_url", link);
        ObjectNode analytic = info.putObject("analytic");
        analytic.put("name", a.alertType() == null ? "unknown" : a.alertType().name());
        analytic.put("uid", a.alertType() == null ? "unknown" : a.alertType().name());
        analytic.put("type_id", 1);
        analytic.put("type", "Rule");
        ArrayNode attacks = info.putArray("attacks");
        List<String> tactics = a.tactics() == null ? List.of() : a.tactics();
        List<String> techniques = a.techniques() == null ? List.of() : a.techniques();
        for (String technique : techniques) {
            for (String tactic : tactics.isEmpty() ? List.<String>of("") : tactics) {
                ObjectNode attack = attacks.addObject();
                ObjectNode t = attack.putObject("technique");
                t.put("uid", technique);
                if (TECHNIQUES.containsKey(technique)) {
                    t.put("name", TECHNIQUES.get(technique));
                }
                if (!tactic.isEmpty()) {
                    ObjectNode ta = attack.putObject("tactic");
                    ta.put("name", tactic);
                    if (TACTICS.containsKey(tactic)) {
                        ta.put("uid", TACTICS.get(tactic));
                    }
                }
                attack.put("version", "v15");
            }
        }

        ObjectNode metadata = f.putObject("metadata");
        metadata.put("version", SCHEMA_VERSION);
        metadata.put("uid", a.alertId() + "." + a.version());
        metadata.put("correlation_uid", a.correlationKey());
        putTime(metadata, "modified_time", a.updatedAt());
        ObjectNode product = metadata.putObject("product");
        product.put("name", "Vigil");
        product.put("vendor_name", "Vigil");
        product.put("version", Cef.VERSION);

        String provider = switch (a.source() == null ? io.vigil.events.Source.VIGIL : a.source()) {
            case AZURE_KEY_VAULT -> "Azure";
            case AWS_SECRETS_MANAGER, AWS_KMS -> "AWS";
            default -> null;
        };
        if (provider != null) {
            f.putObject("cloud").put("provider", provider);
        }

        ArrayNode resources = f.putArray("resources");
        if (a.vault() != null) {
            ObjectNode vault = resources.addObject();
            vault.put("uid", a.vault().id());
            vault.put("name", a.vault().name());
            vault.put("type", vaultType(a));
        }
        for (AccessedObject object : a.objects() == null ? List.<AccessedObject>of() : a.objects()) {
            ObjectNode resource = resources.addObject();
            resource.put("uid", object.id());
            resource.put("name", object.name());
            resource.put("type", "Vault object");
            ObjectNode data = resource.putObject("data");
            data.put("operation", object.operation());
            if (object.time() != null) {
                data.put("time", object.time().toString());
            }
        }

        ArrayNode observables = f.putArray("observables");
        if (a.principal() != null) {
            ObjectNode actor = f.putObject("actor");
            ObjectNode user = actor.putObject("user");
            String name = a.principal().upn() != null ? a.principal().upn() : a.principal().displayName();
            putIf(user, "name", name);
            putIf(user, "uid", a.principal().objectId());
            putIf(user, "full_name", a.principal().displayName());
            putIf(user, "type", a.principal().type() == null ? null : a.principal().type().name());
            putIf(actor, "app_uid", a.principal().appId());
            observable(observables, "actor.user.name", 4, "User Name", name);
            observable(observables, "actor.user.uid", 10, "Resource UID", a.principal().objectId());
        }
        if (a.client() != null && a.client().ip() != null) {
            f.putObject("src_endpoint").put("ip", a.client().ip());
            observable(observables, "src_endpoint.ip", 2, "IP Address", a.client().ip());
        }
        if (a.client() != null) {
            observable(observables, "unmapped.vigil.user_agent", 16, "HTTP User-Agent", a.client().userAgent());
        }
        if (a.vault() != null) {
            observable(observables, "resources[0].uid", 10, "Resource UID", a.vault().id());
        }
        observable(observables, "finding_info.src_url", 6, "URL String", link);

        if (a.remediationSteps() != null && !a.remediationSteps().isEmpty()) {
            f.putObject("remediation").put("desc", String.join("\n", a.remediationSteps()));
        }

        ObjectNode vigil = f.putObject("unmapped").putObject("vigil");
        vigil.put("subscription_id", a.subscriptionId());
        vigil.put("alert_version", a.version());
        vigil.put("change", a.change() == null ? null : a.change().name());
        vigil.put("alert_status", a.status() == null ? null : a.status().name());
        vigil.put("detection_count", a.detectionCount());
        putIf(vigil, "suppressed_by", a.suppressedBy());
        putIf(vigil, "user_agent", a.client() == null ? null : a.client().userAgent());
        IpEnrichment ip = a.ip();
        if (ip != null) {
            vigil.put("tor", ip.tor());
            ArrayNode lists = vigil.putArray("threat_lists");
            ip.threatLists().forEach(m -> lists.add(m.name()));
        }
        vigil.put("simulated", a.simulated());
        vigil.put("is_snapshot", snapshot);
        return f;
    }

    /** Create for a new alert, Close when it was resolved or dismissed, Update otherwise. */
    static int activity(AlertEvent a) {
        if (a.change() == AlertEvent.Change.CREATED) {
            return 1;
        }
        if (a.change() == AlertEvent.Change.STATUS_CHANGED
                && (a.status() == AlertStatus.RESOLVED || a.status() == AlertStatus.DISMISSED)) {
            return 3;
        }
        return 2;
    }

    static int severityId(Severity severity) {
        if (severity == null) {
            return 0;
        }
        return switch (severity) {
            case INFORMATIONAL -> 1;
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
        };
    }

    /** New, In Progress, Suppressed (dismissed: by a rule or as a false positive), Resolved. */
    static int statusId(AlertStatus status) {
        if (status == null) {
            return 0;
        }
        return switch (status) {
            case ACTIVE -> 1;
            case IN_PROGRESS -> 2;
            case DISMISSED -> 3;
            case RESOLVED -> 4;
        };
    }

    static String status(AlertStatus status) {
        return switch (statusId(status)) {
            case 1 -> "New";
            case 2 -> "In Progress";
            case 3 -> "Suppressed";
            case 4 -> "Resolved";
            default -> "Unknown";
        };
    }

    private static String vaultType(AlertEvent a) {
        return switch (a.source() == null ? io.vigil.events.Source.VIGIL : a.source()) {
            case AZURE_KEY_VAULT -> "Azure Key Vault";
            case HASHICORP_VAULT -> "HashiCorp Vault";
            case AWS_SECRETS_MANAGER -> "AWS Secrets Manager";
            case AWS_KMS -> "AWS KMS";
            case VIGIL -> "Vault";
        };
    }

    private static void observable(ArrayNode observables, String name, int typeId, String type, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        ObjectNode o = observables.addObject();
        o.put("name", name);
        o.put("type_id", typeId);
        o.put("type", type);
        o.put("value", value);
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    private static void putTime(ObjectNode node, String field, Instant time) {
        if (time != null) {
            node.put(field, time.toEpochMilli());
        }
    }

    private static long millis(Instant time) {
        return time == null ? System.currentTimeMillis() : time.toEpochMilli();
    }
}
