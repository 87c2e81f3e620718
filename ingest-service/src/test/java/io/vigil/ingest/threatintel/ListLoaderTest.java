package io.vigil.ingest.threatintel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class ListLoaderTest {

    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<byte[]> body = new AtomicReference<>("203.0.113.0/24\n".getBytes(StandardCharsets.UTF_8));
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> requestUris = new CopyOnWriteArrayList<>();

    final ListLoader loader = new ListLoader(Duration.ofSeconds(5), 1024, Clock.fixed(NOW, ZoneOffset.UTC));

    static ListSource source(String location, ListFormat format) {
        return new ListSource("test", ListKind.MALICIOUS, format, ListLocation.parse(location), Duration.ofHours(1),
                Duration.ofDays(2), true);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void fileLoadCarriesCountsVersionAndModificationTime() throws Exception {
        Path file = dir.resolve("list.txt");
        Files.writeString(file, "# header\n203.0.113.0/24\n198.51.100.7\nbroken\n");
        Instant modified = Instant.parse("2026-11-19T08:00:00Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));

        ListSnapshot snapshot = loader.load(ListSnapshot.initial(source(file.toString(), ListFormat.PLAIN)));

        assertThat(snapshot.lastError()).isNull();
        assertThat(snapshot.entries()).isEqualTo(2);
        assertThat(snapshot.skipped()).isEqualTo(1);
        assertThat(snapshot.version()).isEqualTo(ListLoader.version(Files.readAllBytes(file))).hasSize(12)
                .matches("[0-9a-f]{12}");
        assertThat(snapshot.fetchedAt()).isEqualTo(NOW);
        assertThat(snapshot.updatedAt()).isEqualTo(modified);
        assertThat(snapshot.age(NOW)).isEqualTo(Duration.ofHours(26));
        assertThat(snapshot.ranges().contains(InetAddress.getByName("203.0.113.9"))).isTrue();
    }

    @Test
    void versionIsTheSha256PrefixOfTheRawContent() {
        // sha256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        assertThat(ListLoader.version(new byte[0])).isEqualTo("e3b0c44298fc");
    }

    @Test
    void fileUrlsWork() throws Exception {
        Path file = Files.writeString(dir.resolve("list.txt"), "192.0.2.1\n");
        ListSnapshot snapshot = loader.load(ListSnapshot.initial(source(file.toUri().toString(), ListFormat.PLAIN)));
        assertThat(snapshot.entries()).isEqualTo(1);
        assertThat(snapshot.source().location().display()).isEqualTo(file.toString());
    }

    @Test
    void sameContentKeepsTheParsedListButMovesItsTimes() throws Exception {
        Path file = Files.writeString(dir.resolve("list.txt"), "192.0.2.1\n");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minusSeconds(3600)));
        ListSnapshot first = loader.load(ListSnapshot.initial(source(file.toString(), ListFormat.PLAIN)));
        Files.setLastModifiedTime(file, FileTime.from(NOW.minusSeconds(60)));

        ListSnapshot second = loader.load(first);

        assertThat(second.ranges()).isSameAs(first.ranges());
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(second.updatedAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void failedReloadKeepsThePreviousList() throws Exception {
        Path file = Files.writeString(dir.resolve("list.txt"), "192.0.2.1\n");
        ListSnapshot good = loader.load(ListSnapshot.initial(source(file.toString(), ListFormat.PLAIN)));

        Files.writeString(file, "<html>maintenance</html>\n");
        ListSnapshot garbage = loader.load(good);
        assertThat(garbage.lastError()).contains("no IP address or CIDR found (1 unreadable lines)");
        assertThat(garbage.version()).isEqualTo(good.version());
        assertThat(garbage.ranges()).isSameAs(good.ranges());

        Files.writeString(file, "");
        assertThat(loader.load(garbage).lastError()).startsWith("no IP address");

        Files.delete(file);
        ListSnapshot missing = loader.load(garbage);
        assertThat(missing.lastError()).isEqualTo("file not found");
        assertThat(missing.entries()).isEqualTo(1);

        Files.writeString(file, "192.0.2.1\n");
        assertThat(loader.load(missing).lastError()).isNull();
    }

    @Test
    void oversizedFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("big.txt"), "192.0.2.1\n".repeat(200));
        ListSnapshot snapshot = loader.load(ListSnapshot.initial(source(file.toString(), ListFormat.PLAIN)));
        assertThat(snapshot.lastError()).isEqualTo("file is larger than 1024 bytes");
        assertThat(snapshot.loaded()).isFalse();
    }

    @Test
    void downloadUsesBasicAuthenticationAndNeverShowsCredentialsOrQuery() throws Exception {
        String base = startServer();
        ListSource source = source(base.replace("http://", "http://feed-user:s3cret@") + "/drop.txt?key=abc123",
                ListFormat.SPAMHAUS_DROP);
        body.set("; comment\n1.10.16.0/20 ; SBL256894\n".getBytes(StandardCharsets.UTF_8));

        ListSnapshot snapshot = loader.load(ListSnapshot.initial(source));

        assertThat(snapshot.lastError()).isNull();
        assertThat(snapshot.entries()).isEqualTo(1);
        assertThat(snapshot.updatedAt()).isEqualTo(NOW);
        assertThat(authorizations).containsExactly("Basic ZmVlZC11c2VyOnMzY3JldA=="); // feed-user:s3cret
        assertThat(requestUris).containsExactly("/drop.txt?key=abc123");
        assertThat(source.location().display()).isEqualTo(base + "/drop.txt").doesNotContain("s3cret", "abc123");
    }

    @Test
    void httpErrorKeepsThePreviousList() throws Exception {
        String base = startServer();
        ListSource source = source(base + "/list.txt", ListFormat.PLAIN);
        ListSnapshot good = loader.load(ListSnapshot.initial(source));
        assertThat(good.entries()).isEqualTo(1);

        status.set(503);
        ListSnapshot failed = loader.load(good);

        assertThat(failed.lastError()).isEqualTo("HTTP 503");
        assertThat(failed.version()).isEqualTo(good.version());
        assertThat(failed.ranges()).isSameAs(good.ranges());
    }

    @Test
    void oversizedDownloadIsRefused() throws Exception {
        String base = startServer();
        body.set("192.0.2.1\n".repeat(500).getBytes(StandardCharsets.UTF_8));
        ListSnapshot snapshot = loader.load(ListSnapshot.initial(source(base + "/big.txt", ListFormat.PLAIN)));
        assertThat(snapshot.lastError()).isEqualTo("download is larger than 1024 bytes");
    }

    @Test
    void slowServerTimesOut() throws Exception {
        String base = startServer();
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        ListLoader impatient = new ListLoader(Duration.ofMillis(300), 1024, Clock.fixed(NOW, ZoneOffset.UTC));
        ListSnapshot snapshot = impatient.load(ListSnapshot.initial(source(base + "/slow", ListFormat.PLAIN)));
        assertThat(snapshot.lastError()).isEqualTo("timed out after PT0.3S");
    }

    @Test
    void unreachableServerIsAnErrorWithoutTheUrlsSecrets() {
        ListSnapshot snapshot = loader.load(ListSnapshot.initial(
                source("http://user:pw@127.0.0.1:1/list?token=t0ps3cret", ListFormat.PLAIN)));
        assertThat(snapshot.lastError()).isNotNull().doesNotContain("pw@", "t0ps3cret");
    }

    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requestUris.add(exchange.getRequestURI().toString());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            byte[] bytes = status.get() == 200 ? body.get() : "<html>error page</html>".getBytes();
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
