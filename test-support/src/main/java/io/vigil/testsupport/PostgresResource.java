package io.vigil.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a real PostgreSQL and points both the reactive (runtime) and JDBC (Flyway) datasources at it. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final String DATABASE = "vigil";
    private PostgresServer server;

    @Override
    public Map<String, String> start() {
        server = new PostgresServer().start(DATABASE);
        return Map.of("quarkus.datasource.reactive.url", server.reactiveUrl(DATABASE),
                "quarkus.datasource.jdbc.url", server.jdbcUrl(DATABASE),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
