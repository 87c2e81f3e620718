package io.vigil.notification.it;

import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.publish;
import static io.vigil.notification.it.Fixtures.settings;
import static io.vigil.notification.it.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.events.ExportDestination;
import io.vigil.events.ExportDestination.Kind;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Severity;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * CEF over syslog to a real TCP listener in the test, started only after the alert came in (so the first attempts
 * fail and are retried): octet-counted RFC 5424 frames, parsed here, with CEF fields and escaping checked.
 */
@QuarkusTest
class SyslogExportTest {

    @Inject
    SubscriptionSettings known;

    /** A syslog receiver: RFC 6587 octet counting, one message per frame. */
    static final class Listener implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        Listener(int port) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread reader = new Thread(() -> read(socket));
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private void read(Socket socket) {
            try (socket; InputStream in = new BufferedInputStream(socket.getInputStream())) {
                while (true) {
                    int length = 0;
                    int c;
                    while ((c = in.read()) != ' ') {
                        if (c == -1) {
                            return;
                        }
                        if (c < '0' || c > '9') {
                            errors.add("not octet counting: byte " + c);
                            return;
                        }
                        length = length * 10 + (c - '0');
                    }
                    byte[] message = in.readNBytes(length);
                    if (message.length != length) {
                        errors.add("frame cut short");
                        return;
                    }
                    messages.add(new String(message, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // connection closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void cefOverSyslogArrivesOnceWithEscapedFieldsAfterTheListenerStarted() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        settings("sub-syslog", new NotificationSettings(false, Severity.HIGH, List.of(), List.of()),
                List.of(new ExportDestination("siem-syslog", Kind.SYSLOG_CEF, "127.0.0.1:" + port, Severity.LOW,
                        List.of(), null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> known.destination("sub-syslog", "siem-syslog").isPresent());

        var alert = alert("sub-syslog", Severity.MEDIUM).with(a -> {
            a.displayName = "Access from a TOR exit node | to a key vault \\ test";
            a.userAgent = "curl|8 \\ a=b\nsecond line";
            a.vaultName = "kv=prod";
        });
        var info = alert("sub-syslog", Severity.INFORMATIONAL);
        publish(alert);

        await().atMost(Duration.ofSeconds(30)).until(() -> "RETRYING".equals(statuses(alert.alertId, "syslog")
                .get("siem-syslog")));
        try (Listener listener = new Listener(port)) {
            publish(info); // below the destination's minimum: never sent
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statuses(alert.alertId, "syslog")
                    .get("siem-syslog")));
            Thread.sleep(1500);
            assertThat(listener.errors).isEmpty();
            List<String> mine = listener.messages.stream().filter(m -> m.contains(alert.alertId)).toList();
            assertThat(mine).hasSize(1);
            assertThat(listener.messages).noneMatch(m -> m.contains(info.alertId));

            String message = mine.get(0);
            // <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG: facility 10 × 8 + warning (4) = 84
            Matcher syslog = Pattern.compile("^<84>1 (\\S+) (\\S+) vigil - alert - (CEF:0\\|.*)$", Pattern.DOTALL)
                    .matcher(message);
            assertThat(syslog.matches()).as(message).isTrue();
            assertThat(syslog.group(1)).isEqualTo("2026-11-20T10:16:00.000Z");
            String cef = syslog.group(3);
            assertThat(cef).doesNotContain("\n");
            assertThat(cef).startsWith("CEF:0|Vigil|Vigil|1.0|KV_TORAccess|"
                    + "Access from a TOR exit node \\| to a key vault \\\\ test|5|");

            Map<String, String> ext = extension(cef.substring(nthPipe(cef, 7) + 1));
            assertThat(ext.get("requestClientApplication")).isEqualTo("curl|8 \\ a=b\nsecond line");
            assertThat(ext.get("externalId")).isEqualTo(alert.alertId);
            assertThat(ext.get("src")).isEqualTo("185.220.101.45");
            assertThat(ext.get("suser")).isEqualTo("mallory@contoso.com");
            assertThat(ext.get("suid")).isEqualTo("oid-mallory");
            assertThat(ext.get("cs1Label")).isEqualTo("vault");
            assertThat(ext.get("cs1")).isEqualTo("kv=prod");
            assertThat(ext.get("cs3")).isEqualTo("sub-syslog");
            assertThat(ext.get("cs5")).isEqualTo("db-password");
            assertThat(ext.get("cs6")).endsWith("/alerts/sub-syslog/" + alert.alertId);
            assertThat(ext.get("rt")).isEqualTo(String.valueOf(Fixtures.TIME.plusSeconds(60).toEpochMilli()));
            assertThat(ext.get("cat")).isEqualTo("Credential Access");
            // raw escaping as it is on the wire
            assertThat(cef).contains("requestClientApplication=curl|8 \\\\ a\\=b\\nsecond line")
                    .contains("cs1=kv\\=prod");
        }
    }

    private static int nthPipe(String cef, int n) {
        int found = 0;
        for (int i = 0; i < cef.length(); i++) {
            if (cef.charAt(i) == '\\') {
                i++;
            } else if (cef.charAt(i) == '|' && ++found == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("fewer than " + n + " header fields: " + cef);
    }

    /** Parses a CEF extension as a SIEM does: key=value pairs, values unescaped. */
    static Map<String, String> extension(String ext) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher key = Pattern.compile("(?:^| )([A-Za-z0-9_]+)=").matcher(ext);
        List<int[]> starts = new java.util.ArrayList<>();
        while (key.find()) {
            starts.add(new int[] {key.start(1), key.end()});
        }
        for (int i = 0; i < starts.size(); i++) {
            String name = ext.substring(starts.get(i)[0], starts.get(i)[1] - 1);
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] - 1 : ext.length();
            fields.put(name, unescape(ext.substring(starts.get(i)[1], end)));
        }
        return fields;
    }

    private static String unescape(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                sb.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
