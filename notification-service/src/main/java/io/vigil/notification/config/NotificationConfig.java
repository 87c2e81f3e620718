package io.vigil.notification.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vigil.events.Severity;

@ConfigMapping(prefix = "vigil.notification")
public interface NotificationConfig {

    /** Base URL of the dashboard, for the link to the alert in every email. */
    @WithDefault("http://localhost:8083")
    String dashboardUrl();

    Email email();

    /**
     * The static role directory: addresses per realm role, e.g. {@code vigil.notification.roles."vigil-admin"=a@x,b@y}.
     * Used when Keycloak is not configured, and as Keycloak's fallback when it cannot be asked.
     */
    Map<String, List<String>> roles();

    /**
     * Per-subscription entries of the static role directory, e.g.
     * {@code vigil.notification.subscription-roles.sub-a."vigil-admin"=a@x}; they take precedence over {@link #roles()}.
     */
    Map<String, Map<String, List<String>>> subscriptionRoles();

    /** Keycloak's admin API as the role directory; used when {@code vigil.notification.keycloak.url} is set. */
    Keycloak keycloak();

    /**
     * Signing secrets of webhook destinations by name: a destination's {@code secretRef} names one, e.g.
     * {@code vigil.notification.webhook-secrets.siem-hook=...}. Secrets never travel on Kafka or into the database.
     */
    Map<String, String> webhookSecrets();

    Webhook webhook();

    /** Persisted retries of every channel. */
    Delivery delivery();

    Export export();

    Settings settings();

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

        /**
         * Follow-ups: later changes of an alert go, in the alert's email thread, to the addresses that got its first
         * email. Status changes always; new activity at most once per this interval per alert and address
         * ({@code off}: status changes only).
         */
        @WithDefault("4h")
        String followUpInterval();

        /** The right-hand side of Message-IDs: {@code <alertId.version@domain>}. */
        @WithDefault("vigil")
        String messageIdDomain();
    }

    /** Keycloak's admin API: who holds a realm role, with their {@code subscriptions} attribute. */
    interface Keycloak {

        /** Keycloak's base URL, e.g. {@code http://localhost:8180}; unset: the static role directory is used. */
        Optional<String> url();

        @WithDefault("vigil")
        String realm();

        /** A confidential client with a service account allowed to view users ({@code realm-management/view-users}). */
        Optional<String> clientId();

        Optional<String> clientSecret();

        /** How long a role's members are reused before Keycloak is asked again. */
        @WithDefault("5m")
        Duration cacheTtl();

        @WithDefault("5s")
        Duration timeout();
    }

    interface Webhook {

        /** Connect plus response time of one webhook POST. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Networks (CIDR) a webhook is never sent into, checked against every address of the target's host before
         * each send: this host (loopback), the unspecified addresses, and link-local ones, where cloud metadata
         * endpoints hand out credentials (169.254.169.254; AWS's fd00:ec2::254; Alibaba's 100.100.100.200).
         * Internal networks (10/8, 172.16/12, 192.168/16) are allowed: a SIEM usually lives there.
         */
        @WithDefault("127.0.0.0/8,::1/128,0.0.0.0/8,::/128,169.254.0.0/16,fe80::/10,fd00:ec2::254/128,"
                + "100.100.100.200/32")
        List<String> deniedNetworks();
    }

    /**
     * Every notification (email, webhook, syslog, Kafka) is a ledger row, sent by a worker that retries failures with
     * exponential backoff from the row's persisted state until {@link #maxAge()}.
     */
    interface Delivery {

        /** How often the worker looks for due rows (it is also woken by every new alert). */
        @WithDefault("2s")
        String pollInterval();

        @WithDefault("100")
        int batchSize();

        /** Destinations (an address, a webhook, a syslog host) served in parallel; one destination is served in order. */
        @WithDefault("16")
        int concurrency();

        @WithDefault("10s")
        Duration initialBackoff();

        @WithDefault("15m")
        Duration maxBackoff();

        /** After this long since the row was created, a failing delivery is given up and recorded as FAILED. */
        @WithDefault("24h")
        Duration maxAge();

        /** A row being sent by an instance that died is taken up again after this long. */
        @WithDefault("5m")
        Duration inFlightTimeout();
    }

    interface Export {

        Ocsf ocsf();

        Syslog syslog();
    }

    /** The default OCSF stream of every alert change, independent of subscriptions' destinations. */
    interface Ocsf {

        @WithDefault("true")
        boolean enabled();

        @WithDefault("vigil.export.ocsf.v1")
        String topic();

        @WithDefault("INFORMATIONAL")
        Severity minimumSeverity();

        /** Alert type names to export; empty for all. */
        Optional<List<String>> alertTypes();

        /** Partitions when the service creates the topic; default: as many as the alerts topic has. */
        Optional<Integer> partitions();
    }

    interface Syslog {

        /** RFC 5424 facility of the messages (10: security/authorization). */
        @WithDefault("10")
        int facility();

        /** HOSTNAME of the messages; default: this machine's name. */
        Optional<String> hostname();

        @WithDefault("5s")
        Duration connectTimeout();
    }

    interface Settings {

        /** The compacted topic with each subscription's settings. */
        @WithDefault("vigil.config.v1")
        String topic();

        /** How long alert processing waits at startup for the settings topic to be read to its end. */
        @WithDefault("60s")
        Duration readyTimeout();
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
