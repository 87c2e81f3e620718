package io.vigil.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the test OIDC provider and makes the service validate bearer tokens against it. */
public class OidcResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OidcServer server;

    public static OidcServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new OidcServer().start();
        return Map.of("quarkus.oidc.auth-server-url", server.issuer());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
