package io.vigil.notification.service;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vigil.events.AlertEvent;
import io.vigil.notification.config.NotificationConfig;

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
    private final NotificationConfig config;

    public EmailComposer(@Location("alert-email.txt") Template text, @Location("alert-email.html") Template html,
            NotificationConfig config) {
        this.text = text;
        this.html = html;
        this.config = config;
    }

    public Mail compose(AlertEvent alert, String recipient) {
        String link = config.dashboardUrl() + "/alerts/" + alert.subscriptionId() + "/" + alert.alertId();
        var data = new java.util.HashMap<String, Object>();
        data.put("alert", alert);
        data.put("caller", alert.principal().label());
        data.put("firstSeen", TIME.format(alert.firstSeen()));
        data.put("lastSeen", TIME.format(alert.lastSeen()));
        data.put("objects", alert.objects().stream()
                .map(o -> new Line(o.name(), o.operation(), o.time() == null ? "" : TIME.format(o.time()))).toList());
        data.put("link", link);
        Mail mail = Mail.withText(recipient, subject(alert), text.data(data).render())
                .setHtml(html.data(data).render());
        // one thread per alert: later updates will reference this id
        mail.addHeader("Message-ID", "<" + alert.alertId() + "@vigil>");
        return mail;
    }

    static String subject(AlertEvent alert) {
        return "[Vigil][" + alert.severity().label() + "] " + alert.displayName() + ": " + alert.vault().name();
    }

    /** An accessed object as the email lists it. */
    public record Line(String name, String operation, String time) {
    }
}
