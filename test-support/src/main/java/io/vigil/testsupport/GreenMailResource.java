package io.vigil.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts GreenMail as the real SMTP server the mailer sends to. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMailServer server;

    public static GreenMailServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new GreenMailServer().start();
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(server.smtpPort()),
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.tls", "false",
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
