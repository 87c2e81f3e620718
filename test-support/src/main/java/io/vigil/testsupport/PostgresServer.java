package io.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster from the machine's Debian binaries. initdb and postgres refuse to run as root, so as root
 * they run through {@code runuser -u postgres}, with the cluster in the system temp dir where that user can reach it.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "vigil";
    public static final String PASSWORD = "vigil";

    private final Path bin;
    private final Path dir;
    private final int port;
    private boolean started;

    public PostgresServer() {
        this.bin = findBinaries();
        this.port = Procs.freePort();
        try {
            this.dir = Files.createTempDirectory("vigil-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PostgresServer start(String... databases) {
        Path log = dir.resolve("pg.log");
        if (asRoot()) {
            Procs.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir, dir.resolve("chown.log"),
                    Duration.ofSeconds(10));
        }
        Procs.run(as(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"), dir, dir.resolve("initdb.log"),
                Duration.ofSeconds(120));
        Procs.run(as(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", log.toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"), dir, dir.resolve("pg_ctl.log"), Duration.ofSeconds(90));
        started = true;
        for (String database : databases) {
            Procs.run(as(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER,
                    database), dir, dir.resolve("createdb.log"), Duration.ofSeconds(30));
        }
        return this;
    }

    public void stop() {
        if (started) {
            Procs.run(as(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                    "stop"), dir, dir.resolve("pg_ctl.log"), Duration.ofSeconds(60));
            started = false;
        }
        deleteQuietly(dir);
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private List<String> as(String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBinaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow();
        } catch (IOException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("PostgreSQL binaries not found under /usr/lib/postgresql: install them "
                    + "with 'apt-get install -y postgresql' or set PG_BIN", e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
