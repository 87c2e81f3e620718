package io.vigil.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vigil.ingest.threatintel.ListFormat;
import io.vigil.ingest.threatintel.ListKind;

/** The threat-intel keys as operators write them: spellings, defaults, and no sources at all. */
class IngestConfigTest {

    static IngestConfig.ThreatIntel load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(IngestConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(IngestConfig.class).threatIntel();
    }

    @Test
    void nothingConfiguredMeansNoLists() {
        IngestConfig.ThreatIntel config = load(Map.of());
        assertThat(config.sources()).isEmpty();
        assertThat(config.torExitList()).isEmpty();
        assertThat(config.checkInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.fetchTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxListSize().asLongValue()).isEqualTo(64L << 20);
    }

    @Test
    void sourceKeysAndDefaults() {
        IngestConfig.ThreatIntel config = load(Map.of(
                "vigil.ingest.threat-intel.tor-exit-list", "/data/tor.txt",
                "vigil.ingest.threat-intel.sources.drop.format", "spamhaus-drop",
                "vigil.ingest.threat-intel.sources.drop.location", "https://www.spamhaus.org/drop/drop.txt",
                "vigil.ingest.threat-intel.sources.drop.refresh", "PT12H",
                "vigil.ingest.threat-intel.sources.drop.max-age", "P3D",
                "vigil.ingest.threat-intel.sources.exits.kind", "tor",
                "vigil.ingest.threat-intel.sources.exits.format", "tordnsel",
                "vigil.ingest.threat-intel.sources.exits.location", "file:///data/exit-addresses",
                "vigil.ingest.threat-intel.sources.exits.enabled", "false"));

        assertThat(config.torExitList()).contains("/data/tor.txt");
        IngestConfig.ThreatIntel.Source drop = config.sources().get("drop");
        assertThat(drop.kind()).isEqualTo(ListKind.MALICIOUS);
        assertThat(drop.format()).isEqualTo(ListFormat.SPAMHAUS_DROP);
        assertThat(drop.refresh()).isEqualTo(Duration.ofHours(12));
        assertThat(drop.maxAge()).isEqualTo(Duration.ofDays(3));
        assertThat(drop.enabled()).isTrue();
        IngestConfig.ThreatIntel.Source exits = config.sources().get("exits");
        assertThat(exits.kind()).isEqualTo(ListKind.TOR);
        assertThat(exits.format()).isEqualTo(ListFormat.TORDNSEL);
        assertThat(exits.refresh()).isEqualTo(Duration.ofHours(1));
        assertThat(exits.maxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(exits.enabled()).isFalse();
    }
}
