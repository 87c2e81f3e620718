package io.vigil.notification.it;

import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.inbox;
import static io.vigil.notification.it.Fixtures.publish;
import static io.vigil.notification.it.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.events.Severity;
import io.vigil.testsupport.GreenMailResource;

/**
 * The SMTP server goes away, alerts come in, the server comes back: every email arrives, exactly once, sent by the
 * worker from the ledger's persisted retry state (not from the consumer, which committed long before).
 */
@QuarkusTest
class SmtpOutageTest {

    @Test
    void everyEmailArrivesExactlyOnceAfterTheSmtpServerIsBack() throws Exception {
        List<String> addresses = List.of("outage-a@vigil.local", "outage-b@vigil.local");
        GreenMailResource.server().stop();
        try {
            var alerts = List.of(alert("sub-outage", Severity.HIGH), alert("sub-outage", Severity.HIGH),
                    alert("sub-outage", Severity.HIGH));
            alerts.forEach(Fixtures::publish);
            publish(alerts.get(0)); // and one redelivered

            // every email failed at least twice and waits for its next attempt
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                List<Map<String, Object>> rows = emailRows(alerts);
                return rows.size() == 6 && rows.stream().allMatch(r -> "RETRYING".equals(r.get("status"))
                        && ((Integer) r.get("attempts")) >= 2);
            });
            // per address, the row tried first failed on SMTP; the rows behind it waited for its retry rather than
            // each spending a connection attempt on a server that is down
            assertThat(emailRows(alerts)).allSatisfy(r -> assertThat((String) r.get("reason"))
                    .satisfiesAnyOf(reason -> assertThat(reason).startsWith("SMTP"),
                            reason -> assertThat(reason).startsWith("Held behind an earlier delivery")));
            assertThat(emailRows(alerts)).filteredOn(r -> ((String) r.get("reason")).startsWith("SMTP"))
                    .extracting(r -> r.get("recipient")).containsAll(addresses);

            GreenMailResource.server().start();
            for (String address : addresses) {
                await().atMost(Duration.ofSeconds(40)).until(() -> inbox(address).size() >= 3);
            }
            Thread.sleep(3000); // time for a duplicate to arrive, if one were coming
            for (String address : addresses) {
                var inbox = inbox(address);
                assertThat(inbox).hasSize(3);
                for (var alert : alerts) {
                    assertThat(inbox.stream().filter(m -> m.toString().contains(alert.alertId))).hasSize(1);
                }
            }
            assertThat(emailRows(alerts)).hasSize(6).allSatisfy(r -> {
                assertThat(r.get("status")).isEqualTo("SENT");
                assertThat(r.get("event")).isNull();
            });
        } finally {
            ensureRunning(); // for the tests after this one
        }
    }

    private static void ensureRunning() {
        try {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", GreenMailResource.server().smtpPort());
            socket.close();
        } catch (java.io.IOException e) {
            GreenMailResource.server().start();
        }
    }

    private static List<Map<String, Object>> emailRows(List<Fixtures.Alert> alerts) {
        return rows("select alert_id, recipient, status, attempts, reason, event from delivery where channel = 'email'"
                + " and alert_id in (?, ?, ?)", alerts.get(0).alertId, alerts.get(1).alertId, alerts.get(2).alertId);
    }
}
