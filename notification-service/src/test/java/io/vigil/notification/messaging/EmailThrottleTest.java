package io.vigil.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Severity;
import io.vigil.events.Source;
import io.vigil.events.Topics;
import io.vigil.events.Vault;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.service.DigestJob;
import io.vigil.testsupport.GreenMailResource;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.PostgresResource;

/**
 * Per-address throttling against a real broker, PostgreSQL and SMTP server: the limit holds alerts back, the count
 * comes from the ledger (not memory), and nothing held is lost: the next email or the digest lists it. Each test has
 * its own subscription and address ({@code %test} properties), so limits do not spill between tests.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = false)
class EmailThrottleTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    DigestJob digests;

    @Inject
    NotificationConfig config;

    @Test
    void defendersLimitsAreTheDefaults() {
        var throttle = config.email().throttle();
        assertThat(throttle.limit(Severity.HIGH)).isEqualTo(4);
        assertThat(throttle.limit(Severity.MEDIUM)).isEqualTo(2);
        assertThat(throttle.limit(Severity.LOW)).isEqualTo(1);
        assertThat(throttle.limit(Severity.INFORMATIONAL)).isEqualTo(1);
        assertThat(throttle.window()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aThirdMediumAlertInADayIsHeldAndListedInTheNextEmail() throws Exception {
        String address = "throttle-medium@vigil.local";
        List<AlertEvent> first = List.of(alert("sub-throttle", Severity.MEDIUM), alert("sub-throttle", Severity.MEDIUM));
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            for (AlertEvent alert : first) {
                send(kafka, alert);
            }
        }
        // two emailed: the day's Medium emails for this address
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(address).size() == 2);
        assertThat(statuses(address)).containsOnlyKeys(ids(first).toArray(String[]::new));
        assertThat(statuses(address).values()).containsExactly("SENT", "SENT");

        // the third is held: not emailed, and no email after it lists it yet
        AlertEvent third = alert("sub-throttle", Severity.MEDIUM);
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            send(kafka, third);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "THROTTLED".equals(statuses(address).get(third.alertId())));
        String held = third.alertId();
        Thread.sleep(2000);
        assertThat(messages(address)).hasSize(2);
        assertThat(messages(address)).noneMatch(m -> m.toString().contains("/" + held));

        // a day later (the two emails slide out of the window), the next Medium alert is emailed and lists the held one
        sql("update delivery set claimed_at = claimed_at - interval '25 hours', sent_at = sent_at - interval '25 hours'"
                + " where recipient = ? and status = 'SENT'", address);
        AlertEvent next = alert("sub-throttle", Severity.MEDIUM);
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            send(kafka, next);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(address).size() == 3);
        String mail = messages(address).stream().map(JsonNode::toString).filter(m -> m.contains(next.alertId()))
                .findFirst().orElseThrow();
        assertThat(mail).contains("1 more alert was held back by email throttling since")
                .contains("Access from a TOR exit node to a key vault on kv-prod (Medium)")
                .contains("http://localhost:8083/alerts/sub-throttle/" + held);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUMMARISED".equals(statuses(address).get(held)));
        assertThat(statuses(address).get(next.alertId())).isEqualTo("SENT");
    }

    @Test
    void theLimitIsCountedFromTheLedgerSoARestartDoesNotResetIt() throws Exception {
        String address = "throttle-restart@vigil.local";
        // the one Low email of the day went out before this JVM started: only the ledger knows
        sql("insert into delivery (alert_id, alert_version, subscription_id, channel, recipient, status, claimed_at,"
                + " sent_at, severity) values (?, 1, 'sub-restart', 'email', ?, 'SENT', now() - interval '1 hour',"
                + " now() - interval '1 hour', 'LOW')", newId(), address);
        AlertEvent low = alert("sub-restart", Severity.LOW);
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            send(kafka, low);
            send(kafka, low); // redelivered: still held once, never sent
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "THROTTLED".equals(statuses(address).get(low.alertId())));
        Thread.sleep(2000);
        assertThat(messages(address)).isEmpty();
        assertThat(count("select count(*) from delivery where alert_id = ? and channel = 'email'", low.alertId()))
                .isEqualTo(1);

        // a High alert is under its own limit: emailed, listing the held Low one
        AlertEvent high = alert("sub-restart", Severity.HIGH);
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            send(kafka, high);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(address).size() == 1);
        assertThat(messages(address).get(0).toString()).contains(high.alertId(), "[Vigil][High]",
                "1 more alert was held back", "(Low)", "/alerts/sub-restart/" + low.alertId());
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUMMARISED".equals(statuses(address).get(low.alertId())));
    }

    @Test
    void alertsHeldForAWholeWindowWithoutAnEmailGoOutAsOneDigest() throws Throwable {
        String address = "throttle-digest@vigil.local";
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = newId();
            held.add(id);
            sql("insert into delivery (alert_id, alert_version, subscription_id, channel, recipient, status,"
                    + " claimed_at, severity, alert_type, alert_name, vault_name) values (?, 1, 'sub-digest', 'email',"
                    + " ?, 'THROTTLED', now() - interval '25 hours' + ? * interval '1 minute', 'LOW', 'KV_TORAccess',"
                    + " 'Access from a TOR exit node', 'kv-<b>prod</b>')", id, address, i);
        }

        VertxContextSupport.subscribeAndAwait(() -> digests.sendDigests());
        VertxContextSupport.subscribeAndAwait(() -> digests.sendDigests()); // nothing left: no second digest

        await().atMost(Duration.ofSeconds(10)).until(() -> messages(address).size() == 1);
        Thread.sleep(1000);
        assertThat(messages(address)).hasSize(1);
        String mail = messages(address).get(0).toString();
        assertThat(mail).contains("[Vigil] 12 alerts were held back by email throttling",
                "12 alerts were held back by email throttling since", "Access from a TOR exit node on kv-<b>prod</b> (Low)",
                "/alerts/sub-digest/" + held.get(9), "and 2 more: http://localhost:8083/alerts")
                .doesNotContain("/alerts/sub-digest/" + held.get(10));
        assertThat(mail.substring(mail.indexOf("text/html"))).contains("kv-&lt;b&gt;prod").doesNotContain("<b>prod");
        assertThat(count("select count(*) from delivery where recipient = ? and status = 'SUMMARISED'", address))
                .isEqualTo(12);
        assertThat(count("select count(*) from delivery where recipient = ? and alert_id like 'digest-%'"
                + " and status = 'SENT'", address)).isEqualTo(1);
    }

    private List<JsonNode> messages(String address) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        mapper.readTree(GreenMailResource.server().inbox(address)).forEach(list::add);
        return list;
    }

    private static List<String> ids(List<AlertEvent> alerts) {
        return alerts.stream().map(AlertEvent::alertId).toList();
    }

    /** Alert id to ledger status of the address's rows, read straight from PostgreSQL. */
    private static Map<String, String> statuses(String address) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "select alert_id, status from delivery where recipient = ? and alert_id not like 'digest-%'")) {
            s.setString(1, address);
            Map<String, String> result = new java.util.HashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.put(r.getString(1), r.getString(2));
                }
            }
            return result;
        }
    }

    private static long count(String query, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(query)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void sql(String statement, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(statement)) {
            bind(s, params);
            s.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Instant instant) {
                s.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                s.setObject(i + 1, params[i]);
            }
        }
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    private void send(KafkaCompanion kafka, AlertEvent alert) throws Exception {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ALERTS, alert.partitionKey(),
                mapper.writeValueAsString(alert))).awaitCompletion(Duration.ofSeconds(20));
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static AlertEvent alert(String subscription, Severity severity) {
        Instant time = Instant.parse("2026-11-20T10:15:00Z");
        return new AlertEvent(newId(), AlertEvent.SCHEMA_VERSION, 1, AlertEvent.Change.CREATED, subscription,
                AlertType.KV_TORAccess, AlertType.KV_TORAccess.displayName(),
                "The vault was accessed from a known Tor exit node.", severity, AlertStatus.ACTIVE,
                AlertType.KV_TORAccess.tactics(), AlertType.KV_TORAccess.techniques(), Source.AZURE_KEY_VAULT,
                new Vault("/subscriptions/" + subscription + "/vaults/kv-prod", "kv-prod"),
                new Principal(PrincipalType.USER, "oid-mallory", "mallory@contoso.com", null, null),
                new AccessEvent.Client("185.220.101.45", "curl/8"), new IpEnrichment(true, List.of(), false, false),
                time, time, 1,
                List.of(new AccessedObject("https://kv-prod.vault.azure.net/secrets/db-password", "db-password",
                        "SecretGet", time)),
                new Evidence("mallory@contoso.com read secret db-password from a Tor exit node.", Map.of()),
                List.of("Rotate the secrets."), "key", time, time, null, false);
    }
}
