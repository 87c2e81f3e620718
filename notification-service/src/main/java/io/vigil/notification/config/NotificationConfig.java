package io.vigil.notification.config;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vigil.events.Severity;

@ConfigMapping(prefix = "vigil.notification")
public interface NotificationConfig {

    /** Base URL of the dashboard, for the link to the alert in every email. */
    @WithDefault("http://localhost:8083")
    String dashboardUrl();

    Email email();

    interface Email {

        /** Whether alerts are emailed at all. */
        @WithDefault("true")
        boolean enabled();

        /** Alerts below this severity are not emailed. */
        @WithDefault("LOW")
        Severity minimumSeverity();

        /** Recipients of subscriptions that have none of their own in {@link #recipients()}. */
        @WithDefault("soc@vigil.local")
        List<String> defaultRecipients();

        /** Explicit recipients per subscription id, e.g. {@code vigil.notification.email.recipients.sub-a=a@x,b@y}. */
        Map<String, List<String>> recipients();
    }
}
