package io.vigil.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What one client may send: request rate and decompressed size. The raw body limit is quarkus.http.limits. */
@ConfigMapping(prefix = "vigil.ingest.limits")
public interface LimitsConfig {

    /** Sustained requests per second one client (token subject) may make; beyond the burst it gets 429. */
    @WithDefault("50")
    double requestsPerSecond();

    /** Requests a client may make at once before the sustained rate applies. */
    @WithDefault("100")
    int burst();

    /** Largest body after gzip decoding; protects against compression bombs. */
    @WithDefault("64M")
    io.quarkus.runtime.configuration.MemorySize maxDecodedBodySize();
}
