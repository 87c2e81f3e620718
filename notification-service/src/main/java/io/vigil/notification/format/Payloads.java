package io.vigil.notification.format;

import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;

/** The bodies each channel sends: webhook JSON, Slack messages, OCSF findings, CEF lines. */
@ApplicationScoped
public class Payloads {

    private final ObjectMapper mapper;
    private final Links links;

    public Payloads(ObjectMapper mapper, Links links) {
        this.mapper = mapper;
        this.links = links;
    }

    /** The id a receiver deduplicates by: one per alert version, the same on every retry and to every destination. */
    public static String eventId(AlertEvent alert) {
        return alert.alertId() + "." + alert.version();
    }

    /**
     * The webhook body: {@code {"id", "type": "alert.created|alert.updated|alert.status_changed", "time",
     * "subscriptionId", "link", "snapshot", "alert": <the alert event as on vigil.alerts.v1>}}.
     */
    public ObjectNode webhook(AlertEvent alert, boolean snapshot) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", eventId(alert));
        body.put("type", "alert." + (alert.change() == null ? "updated" : alert.change().name().toLowerCase(Locale.ROOT)));
        body.put("time", alert.updatedAt() == null ? null : alert.updatedAt().toString());
        body.put("subscriptionId", alert.subscriptionId());
        body.put("link", links.alert(alert.subscriptionId(), alert.alertId()));
        if (snapshot) {
            body.put("isSnapshot", true);
        }
        body.set("alert", mapper.valueToTree(alert));
        return body;
    }

    public byte[] webhookBytes(AlertEvent alert) {
        return bytes(webhook(alert, false));
    }

    /** A Slack incoming-webhook message: a plain {@code text} fallback and Block Kit {@code blocks}. */
    public byte[] slack(AlertEvent alert) {
        String link = links.alert(alert.subscriptionId(), alert.alertId());
        ObjectNode body = mapper.createObjectNode();
        String title = "[Vigil][" + alert.severity().label() + "] " + alert.displayName()
                + (alert.vault() == null ? "" : ": " + alert.vault().name());
        String change = switch (alert.change() == null ? AlertEvent.Change.UPDATED : alert.change()) {
            case CREATED -> "New alert";
            case UPDATED -> "New activity";
            case STATUS_CHANGED -> "Now " + alert.status();
        };
        body.put("text", mrkdwn(change + ": " + title) + " " + link);
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate(title, 150));
        ObjectNode summary = blocks.addObject();
        summary.put("type", "section");
        String why = alert.evidence() != null && alert.evidence().summary() != null ? alert.evidence().summary()
                : alert.description();
        summary.putObject("text").put("type", "mrkdwn").put("text",
                truncate("*" + mrkdwn(change) + "* · <" + link + "|Open in Vigil>\n" + mrkdwn(why), 3000));
        ObjectNode facts = blocks.addObject();
        facts.put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Severity", alert.severity().label());
        field(fields, "Status", alert.status() == null ? null : alert.status().name());
        field(fields, "Vault", alert.vault() == null ? null : alert.vault().name());
        field(fields, "Caller", alert.principal() == null ? null : alert.principal().label());
        field(fields, "IP", alert.client() == null ? null : alert.client().ip());
        field(fields, "Secrets", alert.objects() == null || alert.objects().isEmpty() ? null
                : alert.objects().stream().map(AccessedObject::name).distinct().collect(Collectors.joining(", ")));
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text",
                mrkdwn("Alert " + alert.alertId() + " v" + alert.version() + " · subscription "
                        + alert.subscriptionId() + (alert.simulated() ? " · sample alert" : "")));
        return bytes(body);
    }

    public ObjectNode ocsf(AlertEvent alert, boolean snapshot) {
        return Ocsf.finding(mapper, alert, links.alert(alert.subscriptionId(), alert.alertId()), snapshot);
    }

    public String cef(AlertEvent alert, boolean snapshot) {
        return Cef.line(alert, links.alert(alert.subscriptionId(), alert.alertId()), snapshot);
    }

    public byte[] bytes(Object node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a payload", e);
        }
    }

    private static void field(ArrayNode fields, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        fields.addObject().put("type", "mrkdwn").put("text", truncate("*" + name + "*\n" + mrkdwn(value), 2000));
    }

    /** Slack's mrkdwn control characters: &amp;, &lt; and &gt; must be escaped in text from alerts. */
    static String mrkdwn(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
