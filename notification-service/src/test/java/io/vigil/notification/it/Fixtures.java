package io.vigil.notification.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Evidence;
import io.vigil.events.ExportDestination;
import io.vigil.events.IpEnrichment;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Severity;
import io.vigil.events.Source;
import io.vigil.events.SubscriptionConfig;
import io.vigil.events.Topics;
import io.vigil.events.Vault;
import io.vigil.testsupport.GreenMailResource;
import io.vigil.testsupport.KafkaResource;

/** Alerts, settings records and ledger queries for the notification tests, against the real servers. */
public final class Fixtures {

    public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    public static final Instant TIME = Instant.parse("2026-11-20T10:15:00Z");

    private Fixtures() {
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A Tor access alert, version 1, just created. */
    public static Alert alert(String subscription, Severity severity) {
        return new Alert(subscription, severity);
    }

    /** A mutable copy of an alert event's fields, for tests that need a variant. */
    public static final class Alert {
        public String alertId = newId();
        public long version = 1;
        public AlertEvent.Change change = AlertEvent.Change.CREATED;
        public String subscriptionId;
        public AlertType type = AlertType.KV_TORAccess;
        public String displayName;
        public Severity severity;
        public AlertStatus status = AlertStatus.ACTIVE;
        public String vaultName = "kv-prod";
        public String userAgent = "curl/8.5.0";
        public String upn = "mallory@contoso.com";
        public String evidence = "mallory@contoso.com read secret db-password in vault kv-prod from 185.220.101.45, a "
                + "Tor exit node.";
        public int detections = 1;
        public String suppressedBy;
        public boolean simulated;

        Alert(String subscriptionId, Severity severity) {
            this.subscriptionId = subscriptionId;
            this.severity = severity;
        }

        /** This alert with the fields a test varies set, e.g. {@code with(a -> a.status = RESOLVED)}. */
        public Alert with(Consumer<Alert> change) {
            change.accept(this);
            return this;
        }

        /** The next version of this alert, after a change. */
        public Alert next(AlertEvent.Change how) {
            Alert next = new Alert(subscriptionId, severity);
            next.alertId = alertId;
            next.version = version + 1;
            next.change = how;
            next.type = type;
            next.displayName = displayName;
            next.status = status;
            next.vaultName = vaultName;
            next.userAgent = userAgent;
            next.upn = upn;
            next.evidence = evidence;
            next.detections = how == AlertEvent.Change.UPDATED ? detections + 1 : detections;
            next.suppressedBy = suppressedBy;
            next.simulated = simulated;
            return next;
        }

        public AlertEvent event() {
            Instant updated = TIME.plusSeconds(version * 60);
            return new AlertEvent(alertId, AlertEvent.SCHEMA_VERSION, version, change, subscriptionId, type,
                    displayName != null ? displayName : type.displayName(), "The vault was accessed from a known Tor exit node.", severity, status,
                    type.tactics(), type.techniques(), Source.AZURE_KEY_VAULT,
                    new Vault("/subscriptions/" + subscriptionId + "/vaults/" + vaultName, vaultName),
                    new Principal(PrincipalType.USER, "oid-mallory", upn, null, null),
                    new AccessEvent.Client("185.220.101.45", userAgent),
                    new IpEnrichment(true, List.of(), false, false), TIME, TIME.plusSeconds(detections), detections,
                    List.of(new AccessedObject("https://" + vaultName + ".vault.azure.net/secrets/db-password",
                            "db-password", "SecretGet", TIME)),
                    new Evidence(evidence, Map.of()),
                    List.of("Identify the source.", "Rotate the secrets."), "key-" + alertId, TIME, updated,
                    suppressedBy, simulated);
        }
    }

    public static void publish(Alert... alerts) {
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            for (Alert alert : alerts) {
                AlertEvent event = alert.event();
                kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ALERTS, event.partitionKey(),
                        JSON.writeValueAsString(event))).awaitCompletion(Duration.ofSeconds(20));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publishRaw(String topic, String key, String value) {
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, key, value))
                    .awaitCompletion(Duration.ofSeconds(20));
        }
    }

    /** Publishes a subscription's settings on the compacted config topic, as alert-service does. */
    public static void settings(String subscription, NotificationSettings notifications,
            List<ExportDestination> exports) {
        SubscriptionConfig config = new SubscriptionConfig(SubscriptionConfig.SCHEMA_VERSION, subscription, true,
                List.of(), Instant.now(), List.of(), notifications, exports);
        try {
            publishRaw(Topics.CONFIG, subscription, JSON.writeValueAsString(config));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void tombstone(String subscription) {
        publishRaw(Topics.CONFIG, subscription, null);
    }

    /** The messages GreenMail holds for the address. */
    public static List<JsonNode> inbox(String address) {
        try {
            List<JsonNode> list = new ArrayList<>();
            JSON.readTree(GreenMailResource.server().inbox(address)).forEach(list::add);
            return list;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ledger rows of the alert: recipient → status, for one channel. */
    public static Map<String, String> statuses(String alertId, String channel) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map<String, Object> row : rows("select recipient, status from delivery where alert_id = ? and channel = ?"
                + " order by id", alertId, channel)) {
            result.put((String) row.get("recipient"), (String) row.get("status"));
        }
        return result;
    }

    public static List<Map<String, Object>> rows(String query, Object... params) {
        try (Connection c = connect(); PreparedStatement s = prepare(c, query, params)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= r.getMetaData().getColumnCount(); col++) {
                        row.put(r.getMetaData().getColumnLabel(col), r.getObject(col));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String statement, Object... params) {
        try (Connection c = connect(); PreparedStatement s = prepare(c, statement, params)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
