package io.vigil.notification.config;

import java.time.Duration;
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

        /** How many emails an address gets per severity, and what happens to the alerts over the limit. */
        Throttle throttle();
    }

    /**
     * Defender's per-address limits: at most so many alert emails of a severity to one address within
     * {@link #window()}. An alert over the limit is not emailed on its own but held, and listed in the next email to
     * that address or, when none comes, in a digest. A limit of 0 or less means no limit for that severity.
     */
    interface Throttle {

        /** Emails about High alerts per address and window. */
        @WithDefault("4")
        int high();

        /** Emails about Medium alerts per address and window. */
        @WithDefault("2")
        int medium();

        /** Emails about Low alerts per address and window. */
        @WithDefault("1")
        int low();

        /** Emails about Informational alerts per address and window. */
        @WithDefault("1")
        int informational();

        /** The rolling window the limits apply to; also how long held alerts wait before a digest. */
        @WithDefault("24h")
        Duration window();

        /** How many held-back alerts an email or digest lists one by one (the rest are counted). */
        @WithDefault("10")
        int summaryLimit();

        /**
         * How often to look for addresses whose held-back alerts have waited a whole window without an email to
         * list them, and send each a digest ({@code off} disables the digest).
         */
        @WithDefault("15m")
        String digestInterval();

        default int limit(Severity severity) {
            return switch (severity) {
                case HIGH -> high();
                case MEDIUM -> medium();
                case LOW -> low();
                case INFORMATIONAL -> informational();
            };
        }
    }
}
