package io.vigil.notification.delivery;

import java.net.URI;
import java.time.Clock;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vigil.events.ExportDestination;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.format.Payloads;
import io.vigil.notification.format.Signatures;

/**
 * Webhooks: a JSON POST per alert change, signed ({@code Vigil-Timestamp}, {@code Vigil-Signature: v1=<hex
 * HMAC-SHA256(secret, timestamp + "." + body)>}) with the secret the destination's {@code secretRef} names in
 * {@code vigil.notification.webhook-secrets}; {@code Vigil-Event-Id} (alert id and version) is the same on every
 * retry, for the receiver to drop duplicates. Slack destinations get an incoming-webhook message (text + blocks);
 * their URL is their credential, and they are signed too if they name a secret. Any 2xx is success; anything else,
 * or no answer within the timeout, is retried. Before each send the target's addresses are checked against
 * {@link DeniedNetworks}: a target there fails for good, unsent.
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    public static final String TIMESTAMP = "Vigil-Timestamp";
    public static final String SIGNATURE = "Vigil-Signature";
    public static final String EVENT_ID = "Vigil-Event-Id";
    public static final String ATTEMPT = "Vigil-Delivery-Attempt";

    private final WebClient client;
    private final DeniedNetworks denied;
    private final Destinations destinations;
    private final Payloads payloads;
    private final NotificationConfig config;
    private final Clock clock = Clock.systemUTC();

    public WebhookChannel(Vertx vertx, DeniedNetworks denied, Destinations destinations, Payloads payloads,
            NotificationConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.webhook().timeout().toMillis())
                .setFollowRedirects(false)
                .setUserAgent("Vigil-Webhook/1"));
        this.denied = denied;
        this.destinations = destinations;
        this.payloads = payloads;
        this.config = config;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public Set<String> names() {
        return Set.of(Channels.WEBHOOK, Channels.SLACK);
    }

    @Override
    public Uni<Void> send(Attempt attempt) {
        ExportDestination destination = destinations.of(attempt);
        URI url = url(destination);
        boolean slack = destination.kind() == ExportDestination.Kind.SLACK;
        String secret = secret(destination, !slack);
        byte[] body = slack ? payloads.slack(attempt.alert()) : payloads.webhookBytes(attempt.alert());
        HttpRequest<Buffer> request = client.postAbs(url.toString())
                .timeout(config.webhook().timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(EVENT_ID, Payloads.eventId(attempt.alert()))
                .putHeader(ATTEMPT, String.valueOf(attempt.attempts()));
        if (secret != null) {
            long timestamp = clock.instant().getEpochSecond();
            request.putHeader(TIMESTAMP, String.valueOf(timestamp))
                    .putHeader(SIGNATURE, Signatures.sign(secret, timestamp, body));
        }
        return denied.check(destination, url.getHost())
                .chain(() -> request.sendBuffer(Buffer.buffer(body))
                        .onFailure().transform(e -> DeliveryFailure.retry(redact(e, url))))
                .chain(response -> response.statusCode() / 100 == 2 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(DeliveryFailure.retry("HTTP " + response.statusCode()
                                + (response.statusMessage() == null ? "" : " " + response.statusMessage()))));
    }

    private static URI url(ExportDestination destination) {
        try {
            URI url = URI.create(destination.target().trim());
            if (url.getHost() == null || !("https".equalsIgnoreCase(url.getScheme())
                    || "http".equalsIgnoreCase(url.getScheme()))) {
                throw DeliveryFailure.permanent("Destination '" + destination.name() + "' is not an http(s) URL");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw DeliveryFailure.permanent("Destination '" + destination.name() + "' is not a valid URL");
        }
    }

    private String secret(ExportDestination destination, boolean required) {
        String ref = destination.secretRef();
        if (ref == null || ref.isBlank()) {
            if (required) {
                throw DeliveryFailure.permanent("Webhook '" + destination.name() + "' names no signing secret "
                        + "(secretRef)");
            }
            return null;
        }
        String secret = config.webhookSecrets().get(ref);
        if (secret == null || secret.isEmpty()) {
            throw DeliveryFailure.permanent("Signing secret '" + ref + "' is not configured in notification-service "
                    + "(vigil.notification.webhook-secrets." + ref + ")");
        }
        return secret;
    }

    /** An error message without the URL's path and query, which for Slack-style URLs is the credential. */
    static String redact(Throwable e, URI url) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            message = message.replace(url.toString(), url.getScheme() + "://" + url.getAuthority() + "/…")
                    .replace(path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()), "/…")
                    .replace(path, "/…");
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
