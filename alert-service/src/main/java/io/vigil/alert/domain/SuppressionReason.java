package io.vigil.alert.domain;

/** Why a rule dismisses alerts: Defender's reasons, spelled as its API spells them. */
public enum SuppressionReason {
    /** "Severity should be lower". */
    AlertSeverityTooHigh,
    /** "Detecting too many normal activities". */
    FalsePositive,
    /** "Too noisy – same resources". */
    Noise,
    /** "Resource isn't relevant". */
    NotRelevant,
    /** "Normal activity on specific entity". */
    SpecificEntityFalsePositive,
    /** "Not actionable". */
    Unclear,
    /** Needs a comment: the other reasons explain themselves, this one does not. */
    Other
}
