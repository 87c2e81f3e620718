package io.vigil.notification.it;

import static io.vigil.notification.it.Fixtures.JSON;
import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.inbox;
import static io.vigil.notification.it.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.events.Severity;

/**
 * What a previous instance left in the ledger is finished by this one: a delivery waiting for its next retry, and
 * one that instance had leased when it died (lease expired). Each is sent once, and the attempt count goes on from
 * the persisted one. Nothing about them is in memory or on the alerts topic any more.
 */
@QuarkusTest
class PersistedRetryTest {

    @Test
    void deliveriesLeftByAPreviousInstanceAreSentOnce() throws Exception {
        var retrying = alert("sub-restart-ledger", Severity.HIGH);
        var leased = alert("sub-restart-ledger", Severity.HIGH);
        insert(retrying, "restart-a@vigil.local", "RETRYING", 3);
        insert(leased, "restart-b@vigil.local", "CLAIMED", 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox("restart-a@vigil.local").size() == 1
                && inbox("restart-b@vigil.local").size() == 1);
        Thread.sleep(2000);
        assertThat(inbox("restart-a@vigil.local")).hasSize(1).allMatch(m -> m.toString().contains(retrying.alertId));
        assertThat(inbox("restart-b@vigil.local")).hasSize(1).allMatch(m -> m.toString().contains(leased.alertId));
        Map<String, Object> a = rows("select status, attempts from delivery where alert_id = ?", retrying.alertId)
                .get(0);
        assertThat(a).containsEntry("status", "SENT").containsEntry("attempts", 4);
        Map<String, Object> b = rows("select status, attempts from delivery where alert_id = ?", leased.alertId)
                .get(0);
        assertThat(b).containsEntry("status", "SENT").containsEntry("attempts", 2);
    }

    private static void insert(Fixtures.Alert alert, String address, String status, int attempts) throws Exception {
        Fixtures.update("insert into delivery (alert_id, alert_version, subscription_id, channel, recipient, status,"
                + " claimed_at, severity, attempts, last_attempt_at, next_attempt_at, reason, event) values (?, 1, ?,"
                + " 'email', ?, ?, now() - interval '10 minutes', 'HIGH', ?, now() - interval '6 minutes',"
                + " now() - interval '1 second', 'SMTP: connection refused', ?)", alert.alertId, alert.subscriptionId,
                address, status, attempts, JSON.writeValueAsString(alert.event()));
    }
}
