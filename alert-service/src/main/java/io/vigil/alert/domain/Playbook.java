package io.vigil.alert.domain;

import java.util.List;

import io.vigil.events.AlertType;

/**
 * What each alert type means and how to respond: find the source, contain, measure the impact, rotate what was
 * touched. Written for responders, following Defender for Key Vault's guidance.
 */
public final class Playbook {

    /** A rule change is not vault access: what to check is who changed what, and what the rule has hidden. */
    private static final List<String> RULE_CHANGE = List.of(
            "Identify the source: confirm with the person named as the actor that they made this change and that it "
                    + "was agreed; a change nobody owns means the account may be compromised.",
            "Review the rule: its conditions should name specific callers, IPs, vaults or secrets; a rule for every "
                    + "alert type or a broad IP range can hide real attacks. Simulate it to see what it dismisses.",
            "Measure the impact: list the alerts the rule dismissed (suppressedBy, suppressedCount) and read them "
                    + "again.",
            "Contain: if the change was not legitimate, disable or delete the rule, reopen the alerts it dismissed, "
                    + "and revoke the actor's sessions and the vigil-responder role until it is explained.");

    private static final List<String> SETTINGS_CHANGE = List.of(
            "Identify the source: confirm with the person named as the actor that they made this change and that it "
                    + "was agreed; a change nobody owns means the administrator's account may be compromised.",
            "Review the change: the audit log (GET .../audit-log?kind=settings) has the settings before and after; "
                    + "trust, exceptions and silenced channels should be as narrow as the need behind them.",
            "Measure the impact: while the change was in force, Vigil analysed less or told fewer people; read the "
                    + "alerts and usage of that time again.",
            "Contain: if the change was not legitimate, restore the previous settings and revoke the actor's "
                    + "sessions and the vigil-admin role until it is explained.");

    private Playbook() {
    }

    public static String description(AlertType type) {
        return switch (type) {
            case KV_TORAccess -> "The vault was accessed from a known Tor exit node. Attackers use Tor to hide their "
                    + "location when they use stolen credentials; legitimate applications do not.";
            case KV_SuspiciousIPAccess -> "The vault was accessed successfully from an IP address that a threat "
                    + "intelligence list marks as malicious.";
            case KV_SuspiciousIPAccessDenied -> "An IP address that a threat intelligence list marks as malicious "
                    + "tried to access the vault and was denied.";
            case VIGIL_SuppressionRuleChanged -> "A suppression rule of this subscription was created, changed or "
                    + "deleted. A rule dismisses matching alerts on arrival, so a new or widened rule is a classic "
                    + "way to hide an attack; confirm that this change was intended.";
            case VIGIL_DetectionWeakened -> "A change of this subscription's settings makes Vigil see or tell less: "
                    + "protection turned off, a network trusted, activity excepted from detection, or fewer people "
                    + "or systems told about alerts. An intruder with an administrator's token does exactly this "
                    + "before the next step; confirm that this change was intended.";
            default -> type.displayName() + ".";
        };
    }

    public static List<String> remediation(AlertType type) {
        if (type == AlertType.VIGIL_SuppressionRuleChanged) {
            return RULE_CHANGE;
        }
        if (type == AlertType.VIGIL_DetectionWeakened) {
            return SETTINGS_CHANGE;
        }
        String contain = switch (type) {
            case KV_TORAccess, KV_SuspiciousIPAccess, KV_SuspiciousIPAccessDenied ->
                "Contain: restrict the vault's network access (firewall, private endpoint) so the source IP cannot "
                        + "reach it, and block the IP at your perimeter.";
            default -> "Contain: remove or narrow the caller's access to the vault (access policy or role "
                    + "assignment) until the activity is explained.";
        };
        return List.of(
                "Identify the source: confirm with the owner of the caller (object ID, UPN or application) whether "
                        + "this access was theirs. Do not dismiss the alert only because the caller is known: its "
                        + "credentials may be stolen.",
                contain,
                "Measure the impact: review the secrets listed in this alert and the vault's audit log for the "
                        + "caller's IP, UPN and object ID around the alert's time window.",
                "Rotate: rotate, disable or delete every secret, key and certificate the caller touched, and have "
                        + "their application owners audit where they are used.");
    }
}
