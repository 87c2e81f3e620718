package io.vigil.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real syslog receiver over TCP on a free port, reading octet-counted frames (RFC 6587) into messages. */
final class SyslogListener implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    SyslogListener() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    daemon(() -> read(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "e2e-syslog");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    private void read(Socket connection) {
        try (connection; InputStream in = new BufferedInputStream(connection.getInputStream())) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ' ') {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                messages.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the sender went away; its next connection is read by a new thread
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
