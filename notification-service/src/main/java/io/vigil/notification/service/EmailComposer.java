package io.vigil.notification.service;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vigil.events.AlertEvent;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.domain.Delivery;
import io.vigil.notification.service.DeliveryLedger.HeldBack;

/**
 * The alert email: what happened, who, when, which vault and secrets, why it is unusual, what to do, and a link.
 * The HTML part escapes everything the alert carries (names and user agents come from the attacker's requests).
 */
@ApplicationScoped
public class EmailComposer {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Template text;
    private final Template html;
    private final Template digestText;
    private final Template digestHtml;
    private final NotificationConfig config;

    public EmailComposer(@Location("alert-email.txt") Template text, @Location("alert-email.html") Template html,
            @Location("digest-email.txt") Template digestText, @Location("digest-email.html") Template digestHtml,
            NotificationConfig config) {
        this.text = text;
        this.html = html;
        this.digestText = digestText;
        this.digestHtml = digestHtml;
        this.config = config;
    }

    /**
     * The alert email, with a short section listing the alerts throttling held back from this address, if any. Its
     * Message-ID is {@code <alertId.version@domain>}; a follow-up ({@code threadRoot} = the version of the alert's
     * first email to this address) answers that first message through {@code In-Reply-To} and {@code References}, so
     * mail clients show every update of one alert as one thread.
     */
    public Mail compose(AlertEvent alert, String recipient, HeldBack heldBack, Long threadRoot) {
        String link = link(alert.subscriptionId(), alert.alertId());
        var data = new HashMap<String, Object>();
        data.put("alert", alert);
        data.put("caller", alert.principal() == null ? "unknown caller" : alert.principal().label());
        data.put("firstSeen", alert.firstSeen() == null ? "" : TIME.format(alert.firstSeen()));
        data.put("lastSeen", alert.lastSeen() == null ? "" : TIME.format(alert.lastSeen()));
        data.put("objects", (alert.objects() == null ? List.<io.vigil.events.AccessedObject>of() : alert.objects())
                .stream()
                .map(o -> new Line(o.name(), o.operation(), o.time() == null ? "" : TIME.format(o.time()))).toList());
        data.put("link", link);
        data.put("held", heldBack.isEmpty() ? null : summary(heldBack, true));
        data.put("update", threadRoot == null ? null : update(alert));
        String subject = threadRoot == null ? subject(alert) : "Re: " + subject(alert);
        Mail mail = Mail.withText(recipient, subject, text.data(data).render())
                .setHtml(html.data(data).render());
        mail.addHeader("Message-ID", messageId(alert.alertId(), alert.version()));
        if (threadRoot != null) {
            String root = messageId(alert.alertId(), threadRoot);
            mail.addHeader("In-Reply-To", root);
            mail.addHeader("References", root);
        }
        return mail;
    }

    /** {@code <alertId.version@domain>}: one id per alert version, the same on every retry. */
    public String messageId(String alertId, long version) {
        return "<" + alertId + "." + version + "@" + config.email().messageIdDomain() + ">";
    }

    /** What a follow-up reports, above the alert as it now is. */
    static String update(AlertEvent alert) {
        return switch (alert.change()) {
            case STATUS_CHANGED -> "Update: this alert is now " + status(alert) + ".";
            case UPDATED -> "Update: new activity, " + alert.detectionCount() + " detection(s) so far"
                    + (alert.lastSeen() == null ? "" : ", the last at " + TIME.format(alert.lastSeen())) + ".";
            case CREATED -> null;
        };
    }

    private static String status(AlertEvent alert) {
        return switch (alert.status()) {
            case ACTIVE -> "active again";
            case IN_PROGRESS -> "in progress";
            case RESOLVED -> "resolved";
            case DISMISSED -> "dismissed";
        };
    }

    /** The digest of alerts held back from an address that no alert email has listed for a whole window. */
    public Mail composeDigest(Delivery digest, HeldBack heldBack) {
        var data = new HashMap<String, Object>();
        data.put("held", summary(heldBack, false));
        String subject = "[Vigil] " + heldBack.count() + (heldBack.count() == 1 ? " alert was" : " alerts were")
                + " held back by email throttling";
        Mail mail = Mail.withText(digest.recipient, subject, digestText.data(data).render())
                .setHtml(digestHtml.data(data).render());
        mail.addHeader("Message-ID", "<" + digest.alertId + "@" + config.email().messageIdDomain() + ">");
        return mail;
    }

    private HeldSummary summary(HeldBack heldBack, boolean more) {
        long count = heldBack.count();
        String since = TIME.format(heldBack.listed().get(0).claimedAt);
        String headline = count + (more ? " more" : "") + (count == 1 ? " alert was" : " alerts were")
                + " held back by email throttling since " + since;
        List<HeldLine> lines = heldBack.listed().stream()
                .map(d -> new HeldLine(d.alertName != null ? d.alertName : d.alertType, d.vaultName,
                        d.severity == null ? "" : d.severity.label(), link(d.subscriptionId, d.alertId)))
                .toList();
        return new HeldSummary(headline, lines, count - lines.size(), config.dashboardUrl() + "/alerts");
    }

    private String link(String subscriptionId, String alertId) {
        return config.dashboardUrl() + "/alerts/" + subscriptionId + "/" + alertId;
    }

    static String subject(AlertEvent alert) {
        return "[Vigil]" + (alert.simulated() ? "[Sample]" : "") + "[" + alert.severity().label() + "] "
                + alert.displayName() + (alert.vault() == null ? "" : ": " + alert.vault().name());
    }

    /** The held-back section: a headline, the oldest alerts one by one, how many more, and where to see them all. */
    public record HeldSummary(String headline, List<HeldLine> lines, long unlisted, String dashboard) {
    }

    /** One held-back alert: its type on its vault (severity), and its link. */
    public record HeldLine(String name, String vault, String severity, String link) {
    }

    /** An accessed object as the email lists it. */
    public record Line(String name, String operation, String time) {
    }
}
