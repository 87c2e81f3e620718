package io.vigil.notification.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.NetClient;
import io.vertx.mutiny.core.net.NetSocket;
import io.vigil.events.AlertEvent;
import io.vigil.events.ExportDestination;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.format.Payloads;
import io.vigil.notification.format.Syslog;

/**
 * CEF over syslog: RFC 5424 messages, octet-counted on a TCP connection per {@code host:port} that is kept open and
 * opened again when the receiver closes it or a write fails. A write that reached the socket counts as sent: plain
 * TCP syslog has no acknowledgements, so a frame in flight when the receiver dies can be lost (RELP would close that
 * gap; SIEMs rarely offer it).
 */
@ApplicationScoped
public class SyslogChannel implements Channel {

    private final NetClient client;
    private final Destinations destinations;
    private final Payloads payloads;
    private final int facility;
    private final String hostname;
    private final ConcurrentMap<String, Uni<NetSocket>> connections = new ConcurrentHashMap<>();

    public SyslogChannel(Vertx vertx, Destinations destinations, Payloads payloads, NotificationConfig config) {
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) config.export().syslog().connectTimeout().toMillis())
                .setTcpKeepAlive(true));
        this.destinations = destinations;
        this.payloads = payloads;
        this.facility = config.export().syslog().facility();
        this.hostname = config.export().syslog().hostname().orElseGet(SyslogChannel::localName);
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    @Override
    public Set<String> names() {
        return Set.of(Channels.SYSLOG);
    }

    @Override
    public Uni<Void> send(Attempt attempt) {
        ExportDestination destination = destinations.of(attempt);
        HostPort target = HostPort.parse(destination);
        AlertEvent alert = attempt.alert();
        Instant time = alert.updatedAt() != null ? alert.updatedAt() : Instant.now();
        byte[] frame = Syslog.frame(Syslog.message(facility, alert.severity(), time, hostname,
                payloads.cef(alert, false)));
        String key = target.toString();
        return connection(key, target)
                .chain(socket -> socket.write(Buffer.buffer(frame)))
                .onFailure().invoke(() -> drop(key))
                .onFailure().transform(e -> DeliveryFailure.retry("syslog " + key + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }

    private Uni<NetSocket> connection(String key, HostPort target) {
        return connections.computeIfAbsent(key, k -> client.connect(target.port(), target.host())
                .invoke(socket -> {
                    socket.closeHandler(() -> drop(key));
                    socket.exceptionHandler(e -> {
                        Log.debugf("syslog connection to %s: %s", key, e.toString());
                        drop(key);
                    });
                    // a receiver does not talk back; whatever it sends is ignored
                    socket.handler(ignored -> {
                    });
                })
                .onFailure().invoke(() -> drop(key))
                .memoize().indefinitely());
    }

    private void drop(String key) {
        Uni<NetSocket> connection = connections.remove(key);
        if (connection != null) {
            connection.subscribe().with(socket -> socket.closeAndForget(), e -> {
            });
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "vigil";
        }
    }

    /** {@code host:port}, or {@code [v6]:port}. */
    record HostPort(String host, int port) {

        static HostPort parse(ExportDestination destination) {
            String target = destination.target().trim();
            int colon = target.lastIndexOf(':');
            if (colon <= 0 || colon == target.length() - 1) {
                throw DeliveryFailure.permanent("Syslog destination '" + destination.name() + "' is not host:port");
            }
            String host = target.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(target.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw DeliveryFailure.permanent("Syslog destination '" + destination.name() + "' has no valid port");
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
