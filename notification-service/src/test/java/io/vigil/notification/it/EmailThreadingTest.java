package io.vigil.notification.it;

import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.inbox;
import static io.vigil.notification.it.Fixtures.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.Severity;

/**
 * Every update of an alert lands in one thread: the first email's Message-ID is {@code <alertId.1@vigil>}, each
 * follow-up has its own per-version id and answers the first through In-Reply-To and References. Checked on the
 * messages GreenMail received.
 */
@QuarkusTest
class EmailThreadingTest {

    static final String ADDRESS = "thread@vigil.local";

    @Test
    void statusChangesAreFollowUpsInTheAlertsThread() throws Exception {
        var v1 = alert("sub-thread", Severity.HIGH);
        var v2 = v1.next(AlertEvent.Change.STATUS_CHANGED).with(a -> a.status = AlertStatus.IN_PROGRESS);
        var v3 = v2.next(AlertEvent.Change.UPDATED); // new activity within the follow-up interval: no email
        var v4 = v3.next(AlertEvent.Change.STATUS_CHANGED).with(a -> a.status = AlertStatus.RESOLVED);
        publish(v1);
        await().atMost(Duration.ofSeconds(30)).until(() -> mine(v1.alertId).size() == 1);
        publish(v2, v3, v4, v2); // v2 redelivered

        await().atMost(Duration.ofSeconds(30)).until(() -> mine(v1.alertId).size() == 3);
        Thread.sleep(2000);
        List<String> mails = mine(v1.alertId);
        assertThat(mails).hasSize(3);

        String root = "<" + v1.alertId + ".1@vigil>";
        String first = mails.stream().filter(m -> root.equals(header(m, "Message-ID"))).findFirst().orElseThrow();
        assertThat(header(first, "In-Reply-To")).isNull();
        assertThat(header(first, "Subject")).startsWith("[Vigil][High]");

        String second = mails.stream().filter(m -> ("<" + v1.alertId + ".2@vigil>").equals(header(m, "Message-ID")))
                .findFirst().orElseThrow();
        assertThat(header(second, "In-Reply-To")).isEqualTo(root);
        assertThat(header(second, "References")).isEqualTo(root);
        assertThat(header(second, "Subject")).startsWith("Re: [Vigil][High]");
        assertThat(second).contains("Update: this alert is now in progress.");

        String fourth = mails.stream().filter(m -> ("<" + v1.alertId + ".4@vigil>").equals(header(m, "Message-ID")))
                .findFirst().orElseThrow();
        assertThat(header(fourth, "In-Reply-To")).isEqualTo(root);
        assertThat(fourth).contains("Update: this alert is now resolved.");

        assertThat(Fixtures.rows("select alert_version from delivery where alert_id = ? and channel = 'email'"
                + " order by alert_version", v1.alertId)).extracting(r -> r.get("alert_version"))
                .containsExactly(1L, 2L, 4L);
    }

    /** The MIME texts of the address's messages about the alert, quoted-printable soft line breaks undone. */
    private static List<String> mine(String alertId) {
        return inbox(ADDRESS).stream().map(m -> m.get("mimeMessage")).filter(m -> m != null)
                .map(JsonNode::asText).map(m -> m.replace("=\r\n", "").replace("=3D", "="))
                .filter(m -> m.contains(alertId)).toList();
    }

    private static String header(String mime, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ": (.*(?:\\r?\\n[ \\t].*)*)").matcher(mime);
        return m.find() ? m.group(1).replaceAll("\\r?\\n[ \\t]+", " ").trim() : null;
    }
}
