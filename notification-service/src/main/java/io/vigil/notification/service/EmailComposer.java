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

    /** The alert email, with a short section listing the alerts throttling held back from this address, if any. */
    public Mail compose(AlertEvent alert, String recipient, HeldBack heldBack) {
        String link = link(alert.subscriptionId(), alert.alertId());
        var data = new HashMap<String, Object>();
        data.put("alert", alert);
        data.put("caller", alert.principal().label());
        data.put("firstSeen", TIME.format(alert.firstSeen()));
        data.put("lastSeen", TIME.format(alert.lastSeen()));
        data.put("objects", alert.objects().stream()
                .map(o -> new Line(o.name(), o.operation(), o.time() == null ? "" : TIME.format(o.time()))).toList());
        data.put("link", link);
        data.put("held", heldBack.isEmpty() ? null : summary(heldBack, true));
        Mail mail = Mail.withText(recipient, subject(alert), text.data(data).render())
                .setHtml(html.data(data).render());
        // one thread per alert: later updates will reference this id
        mail.addHeader("Message-ID", "<" + alert.alertId() + "@vigil>");
        return mail;
    }

    /** The digest of alerts held back from an address that no alert email has listed for a whole window. */
    public Mail composeDigest(Delivery digest, HeldBack heldBack) {
        var data = new HashMap<String, Object>();
        data.put("held", summary(heldBack, false));
        String subject = "[Vigil] " + heldBack.count() + (heldBack.count() == 1 ? " alert was" : " alerts were")
                + " held back by email throttling";
        Mail mail = Mail.withText(digest.recipient, subject, digestText.data(data).render())
                .setHtml(digestHtml.data(data).render());
        mail.addHeader("Message-ID", "<" + digest.alertId + "@vigil>");
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
        return "[Vigil][" + alert.severity().label() + "] " + alert.displayName() + ": " + alert.vault().name();
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
