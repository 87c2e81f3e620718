package io.vigil.alert.domain;

/**
 * The state a user sets. Defender also shows "Expired", which Vigil derives from the expiry time instead of storing
 * it (as Alertmanager does), so a rule can never be shown enabled after its end.
 */
public enum RuleState {
    Enabled, Disabled
}
