package io.vigil.events;

import java.util.List;

/**
 * Who is emailed about a subscription's alerts, after Defender's security contacts: explicit addresses and everyone
 * holding one of {@code roles} on the subscription, for alerts of {@code minimumSeverity} or higher. Per-address
 * throttling is notification-service's own and not a setting.
 *
 * @param enabled whether alerts are emailed at all
 * @param minimumSeverity the least severe alert that is emailed
 * @param emails explicit recipient addresses
 * @param roles realm roles whose holders (with the subscription in their {@code subscriptions} claim) are emailed
 */
public record NotificationSettings(boolean enabled, Severity minimumSeverity, List<String> emails, List<String> roles) {

    public NotificationSettings {
        minimumSeverity = minimumSeverity == null ? Severity.HIGH : minimumSeverity;
        emails = emails == null ? List.of() : List.copyOf(emails);
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** Defender's default: the subscription's administrators are emailed about High alerts. */
    public static NotificationSettings defaults() {
        return new NotificationSettings(true, Severity.HIGH, List.of(), List.of("vigil-admin"));
    }
}
