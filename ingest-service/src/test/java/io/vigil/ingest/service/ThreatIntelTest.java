package io.vigil.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.configuration.MemorySize;
import io.vigil.events.AccessEvent;
import io.vigil.events.IpEnrichment;
import io.vigil.events.IpEnrichment.ThreatListMatch;
import io.vigil.ingest.config.IngestConfig;
import io.vigil.ingest.threatintel.ListFormat;
import io.vigil.ingest.threatintel.ListKind;
import io.vigil.ingest.threatintel.ListLoader;
import io.vigil.ingest.threatintel.ListLocation;
import io.vigil.ingest.threatintel.ListSnapshot;
import io.vigil.ingest.threatintel.ListSource;

class ThreatIntelTest {

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-20T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();
    final TrustedNetworks trustedNetworks = new TrustedNetworks();
    final List<ThreatIntel> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ThreatIntel::stop);
    }

    ListSource file(String name, ListKind kind, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".txt"), content);
        Files.setLastModifiedTime(file, FileTime.from(clock.now));
        return new ListSource(name, kind, ListFormat.PLAIN, ListLocation.parse(file.toString()), Duration.ofHours(1),
                Duration.ofDays(2), true);
    }

    ThreatIntel start(ListSource... sources) {
        ThreatIntel intel = new ThreatIntel(List.of(sources), new ListLoader(Duration.ofSeconds(5), 1 << 20, clock),
                trustedNetworks, clock);
        intel.start();
        started.add(intel);
        return intel;
    }

    static IpEnrichment lookup(ThreatIntel intel, String subscription, String ip) {
        return intel.lookup(subscription, new AccessEvent.Client(ip, "curl/8"));
    }

    String version(String name) throws Exception {
        return ListLoader.version(Files.readAllBytes(dir.resolve(name + ".txt")));
    }

    @Test
    void eachKindSetsItsFact() throws Exception {
        ThreatIntel intel = start(file("tor", ListKind.TOR, "185.220.101.45\n"),
                file("blocklist-a", ListKind.MALICIOUS, "203.0.113.0/24\n"),
                file("blocklist-b", ListKind.MALICIOUS, "203.0.113.128/25\n2001:db8::/32\n"),
                file("office", ListKind.TRUSTED, "192.0.2.0/24\n"));

        assertThat(lookup(intel, "sub-a", "185.220.101.45"))
                .isEqualTo(new IpEnrichment(true, List.of(), false, false));
        assertThat(lookup(intel, "sub-a", "203.0.113.200").threatLists()).containsExactly(
                new ThreatListMatch("blocklist-a", version("blocklist-a")),
                new ThreatListMatch("blocklist-b", version("blocklist-b")));
        assertThat(lookup(intel, "sub-a", "203.0.113.1").threatLists()).extracting(ThreatListMatch::name)
                .containsExactly("blocklist-a");
        assertThat(lookup(intel, "sub-a", "::ffff:203.0.113.1").threatLists()).hasSize(1);
        assertThat(lookup(intel, "sub-a", "2001:db8::1").threatLists()).extracting(ThreatListMatch::name)
                .containsExactly("blocklist-b");
        assertThat(lookup(intel, "sub-a", "192.0.2.10").trustedNetwork()).isTrue();
        assertThat(lookup(intel, "sub-a", "10.1.2.3")).isEqualTo(new IpEnrichment(false, List.of(), false, true));
        assertThat(lookup(intel, "sub-a", "8.8.8.8")).isEqualTo(IpEnrichment.none());
        assertThat(lookup(intel, "sub-a", "<Redacted>")).isEqualTo(IpEnrichment.none());
        assertThat(intel.lookup("sub-a", null)).isEqualTo(IpEnrichment.none());
    }

    @Test
    void trustedKeepsTheOtherFacts() throws Exception {
        ThreatIntel intel = start(file("tor", ListKind.TOR, "185.220.101.45\n"),
                file("blocklist", ListKind.MALICIOUS, "185.220.101.0/24\n"),
                file("office", ListKind.TRUSTED, "185.220.101.45\n"));

        IpEnrichment ip = lookup(intel, "sub-a", "185.220.101.45");

        assertThat(ip.trustedNetwork()).isTrue();
        assertThat(ip.tor()).isTrue();
        assertThat(ip.threatLists()).extracting(ThreatListMatch::name).containsExactly("blocklist");
    }

    @Test
    void subscriptionTrustedNetworksApplyToTheirSubscriptionOnly() throws Exception {
        ThreatIntel intel = start(file("blocklist", ListKind.MALICIOUS, "203.0.113.0/24\n"));
        assertThat(trustedNetworks.update("sub-a", List.of("203.0.113.0/28", "2001:db8:a::/48", "office-lan")))
                .containsExactly("office-lan");

        assertThat(lookup(intel, "sub-a", "203.0.113.5").trustedNetwork()).isTrue();
        assertThat(lookup(intel, "sub-a", "203.0.113.5").threatLists()).hasSize(1);
        assertThat(lookup(intel, "sub-a", "2001:db8:a::9").trustedNetwork()).isTrue();
        assertThat(lookup(intel, "sub-b", "203.0.113.5").trustedNetwork()).isFalse();
        assertThat(lookup(intel, "sub-a", "203.0.113.16").trustedNetwork()).isFalse();

        trustedNetworks.update("sub-a", List.of());
        assertThat(lookup(intel, "sub-a", "203.0.113.5").trustedNetwork()).isFalse();
        trustedNetworks.update("sub-a", List.of("203.0.113.5"));
        trustedNetworks.remove("sub-a");
        assertThat(lookup(intel, "sub-a", "203.0.113.5").trustedNetwork()).isFalse();
        assertThat(lookup(intel, null, "203.0.113.5").trustedNetwork()).isFalse();
    }

    @Test
    void staleListIsNoLongerMatchedUntilFreshContentArrives() throws Exception {
        ListSource tor = file("tor", ListKind.TOR, "185.220.101.45\n");
        ThreatIntel intel = start(tor);

        clock.now = clock.now.plus(Duration.ofDays(2));
        assertThat(lookup(intel, "sub-a", "185.220.101.45").tor()).isTrue(); // exactly max-age old: still fresh

        clock.now = clock.now.plusSeconds(1);
        intel.check();
        ListSnapshot snapshot = intel.snapshots().get(0);
        assertThat(snapshot.stale(clock.now)).isTrue();
        assertThat(snapshot.active(clock.now)).isFalse();
        assertThat(snapshot.entries()).isEqualTo(1);
        assertThat(lookup(intel, "sub-a", "185.220.101.45").tor()).isFalse();

        // the download job runs again: same content, new modification time
        Files.setLastModifiedTime(tor.location().file(), FileTime.from(clock.now));
        // checks repeat as the scheduler repeats them: one may find the previous check's load still running
        await().atMost(Duration.ofSeconds(10))
                .until(() -> checked(intel) && lookup(intel, "sub-a", "185.220.101.45").tor());
    }

    @Test
    void changedFileIsReloadedOnTheNextCheckAndABrokenOneKeepsTheLastGoodVersion() throws Exception {
        ListSource blocklist = file("blocklist", ListKind.MALICIOUS, "203.0.113.0/24\n");
        ThreatIntel intel = start(blocklist);
        String first = intel.snapshots().get(0).version();
        Path path = blocklist.location().file();

        Files.writeString(path, "198.51.100.0/24\n");
        Files.setLastModifiedTime(path, FileTime.from(clock.now.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> checked(intel) && !intel.snapshots().get(0).version().equals(first));
        assertThat(lookup(intel, "sub-a", "198.51.100.1").threatLists()).hasSize(1);
        assertThat(lookup(intel, "sub-a", "203.0.113.1").threatLists()).isEmpty();

        String second = intel.snapshots().get(0).version();
        Files.writeString(path, "garbage\n");
        Files.setLastModifiedTime(path, FileTime.from(clock.now.plusSeconds(2)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> checked(intel) && intel.snapshots().get(0).lastError() != null);
        assertThat(intel.snapshots().get(0).version()).isEqualTo(second);
        assertThat(lookup(intel, "sub-a", "198.51.100.1").threatLists())
                .containsExactly(new ThreatListMatch("blocklist", second));
    }

    @Test
    void missingFileAtStartMatchesNothingButCountsAsTried() throws Exception {
        ListSource missing = new ListSource("later", ListKind.MALICIOUS, ListFormat.PLAIN,
                ListLocation.parse(dir.resolve("later.txt").toString()), Duration.ofHours(1), Duration.ofDays(2), true);
        ThreatIntel intel = start(missing);

        assertThat(intel.firstLoadsDone()).isTrue();
        assertThat(intel.snapshots().get(0).lastError()).isEqualTo("file not found");
        assertThat(intel.snapshots().get(0).loaded()).isFalse();

        Files.writeString(dir.resolve("later.txt"), "203.0.113.0/24\n");
        Files.setLastModifiedTime(dir.resolve("later.txt"), FileTime.from(clock.now));
        await().atMost(Duration.ofSeconds(10)).until(() -> checked(intel) && intel.snapshots().get(0).loaded());
        assertThat(lookup(intel, "sub-a", "203.0.113.1").threatLists()).hasSize(1);
    }

    @Test
    void disabledSourceIsNeitherLoadedNorMatched() throws Exception {
        ListSource on = file("tor", ListKind.TOR, "185.220.101.45\n");
        ListSource off = new ListSource(on.name(), on.kind(), on.format(), on.location(), on.refresh(), on.maxAge(),
                false);
        ThreatIntel intel = start(off);
        intel.check();
        assertThat(intel.snapshots().get(0).loaded()).isFalse();
        assertThat(intel.firstLoadsDone()).isTrue();
        assertThat(lookup(intel, "sub-a", "185.220.101.45").tor()).isFalse();
    }

    @Test
    void torShorthandIsAPlainTorSourceNamedTorExitList() {
        List<ListSource> sources = ThreatIntel.sources(config(Optional.of("/data/tor.txt"),
                Map.of("feodo", source(ListKind.MALICIOUS, ListFormat.PLAIN, "https://feodotracker.abuse.ch/x.txt"))));

        assertThat(sources).extracting(ListSource::name).containsExactly("feodo", "tor-exit-list");
        ListSource tor = sources.get(1);
        assertThat(tor.kind()).isEqualTo(ListKind.TOR);
        assertThat(tor.format()).isEqualTo(ListFormat.PLAIN);
        assertThat(tor.location().file()).isEqualTo(Path.of("/data/tor.txt"));
        assertThat(tor.refresh()).isEqualTo(Duration.ofHours(1));
        assertThat(tor.maxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(tor.enabled()).isTrue();
    }

    @Test
    void configurationMistakesFailAtStartup() {
        assertThatThrownBy(() -> ThreatIntel.sources(config(Optional.of("/data/tor.txt"),
                Map.of("tor-exit-list", source(ListKind.TOR, ListFormat.PLAIN, "/other.txt")))))
                .hasMessageContaining("keep one of them");
        assertThatThrownBy(() -> ThreatIntel.sources(config(Optional.empty(),
                Map.of("x", source(ListKind.TOR, ListFormat.PLAIN, "ftp://host/list")))))
                .hasMessageStartingWith("vigil.ingest.threat-intel.sources.x.location has the unsupported scheme");
        assertThatThrownBy(() -> ThreatIntel.sources(config(Optional.of(" "), Map.of())))
                .hasMessage("vigil.ingest.threat-intel.tor-exit-list is empty");
    }

    static IngestConfig.ThreatIntel config(Optional<String> torExitList, Map<String, IngestConfig.ThreatIntel.Source> sources) {
        return new IngestConfig.ThreatIntel() {
            @Override
            public Optional<String> torExitList() {
                return torExitList;
            }

            @Override
            public Map<String, Source> sources() {
                return sources;
            }

            @Override
            public Duration checkInterval() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration fetchTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public MemorySize maxListSize() {
                return new MemorySize(java.math.BigInteger.valueOf(64L << 20));
            }
        };
    }

    static IngestConfig.ThreatIntel.Source source(ListKind kind, ListFormat format, String location) {
        return new IngestConfig.ThreatIntel.Source() {
            @Override
            public ListKind kind() {
                return kind;
            }

            @Override
            public ListFormat format() {
                return format;
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public Duration refresh() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration maxAge() {
                return Duration.ofDays(2);
            }

            @Override
            public boolean enabled() {
                return true;
            }
        };
    }

    /** Runs a check, as the scheduler does every interval; always true, to chain inside a wait condition. */
    private static boolean checked(ThreatIntel intel) {
        intel.check();
        return true;
    }
}
