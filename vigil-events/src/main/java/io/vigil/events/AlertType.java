package io.vigil.events;

import java.util.List;

/**
 * The alert catalog of Defender for Key Vault, which Vigil raises for every vault product it reads. Severity, tactics
 * and techniques follow the catalog; all its types map to ATT&amp;CK T1555.006 (Cloud Secrets Management Stores).
 * Types prefixed {@code VIGIL_} are Vigil's own, about changes to Vigil itself rather than vault access.
 */
public enum AlertType {
    KV_SuspiciousIPAccess("Access from a suspicious IP address to a key vault", Severity.MEDIUM, "Credential Access"),
    KV_TORAccess("Access from a TOR exit node to a key vault", Severity.MEDIUM, "Credential Access"),
    KV_OperationVolumeAnomaly("High volume of operations in a key vault", Severity.MEDIUM, "Credential Access"),
    KV_PutGetAnomaly("Suspicious policy change and secret query in a key vault", Severity.MEDIUM, "Credential Access"),
    KV_ListGetAnomaly("Suspicious secret listing and query in a key vault", Severity.MEDIUM, "Credential Access"),
    KV_AccountVolumeAccessDeniedAnomaly("Unusual access denied - User accessing high volume of key vaults denied",
            Severity.LOW, "Discovery"),
    KV_UserAccessDeniedAnomaly("Unusual access denied - Unusual user accessing key vault denied", Severity.LOW,
            "Initial Access", "Discovery"),
    KV_AppAnomaly("Unusual application accessed a key vault", Severity.MEDIUM, "Credential Access"),
    KV_OperationPatternAnomaly("Unusual operation pattern in a key vault", Severity.MEDIUM, "Credential Access"),
    KV_UserAnomaly("Unusual user accessed a key vault", Severity.MEDIUM, "Credential Access"),
    KV_UserAppAnomaly("Unusual user-application pair accessed a key vault", Severity.MEDIUM, "Credential Access"),
    KV_AccountVolumeAnomaly("User accessed high volume of key vaults", Severity.MEDIUM, "Credential Access"),
    KV_SuspiciousIPAccessDenied("Denied access from a suspicious IP to a key vault", Severity.LOW, "Credential Access"),
    KV_UnusualAccessSuspiciousIP("Unusual access to the key vault from a suspicious IP (Non-Microsoft or external)",
            Severity.MEDIUM, "Credential Access"),
    /**
     * Not in Defender's catalog: a suppression rule was created, changed or deleted. Dismissing alerts
     * automatically is a classic way to hide an attack (Elastic ships a rule for Defender's equivalent), so every
     * change is raised where responders look, as ATT&amp;CK T1562 Impair Defenses.
     */
    VIGIL_SuppressionRuleChanged("Suppression rule created, changed or deleted", Severity.INFORMATIONAL,
            List.of("T1562"), "Defense Evasion"),
    /** A settings change that makes Vigil see or tell less: plan off, new trust or exceptions, fewer notifications. */
    VIGIL_DetectionWeakened("Threat detection weakened by a settings change", Severity.MEDIUM, List.of("T1562"),
            "Defense Evasion");

    /** ATT&amp;CK Cloud Secrets Management Stores. */
    public static final String TECHNIQUE = "T1555.006";

    private final String displayName;
    private final Severity severity;
    private final List<String> tactics;
    private final List<String> techniques;

    AlertType(String displayName, Severity severity, String... tactics) {
        this(displayName, severity, List.of(TECHNIQUE), tactics);
    }

    AlertType(String displayName, Severity severity, List<String> techniques, String... tactics) {
        this.displayName = displayName;
        this.severity = severity;
        this.techniques = techniques;
        this.tactics = List.of(tactics);
    }

    public String displayName() {
        return displayName;
    }

    public Severity severity() {
        return severity;
    }

    public List<String> tactics() {
        return tactics;
    }

    public List<String> techniques() {
        return techniques;
    }

    /** Vigil's own types: raised by alert-service itself, never from a detection, and never suppressed. */
    public boolean vigilInternal() {
        return name().startsWith("VIGIL_");
    }
}
