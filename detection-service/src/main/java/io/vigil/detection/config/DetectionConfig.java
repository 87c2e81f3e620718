package io.vigil.detection.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil.detection")
public interface DetectionConfig {

    /** Most accessed objects and event ids one detection carries; the total is always reported alongside. */
    @WithDefault("50")
    int maxObjectsPerDetection();

    /** Access from Tor exit nodes (KV_TORAccess). */
    Toggle tor();

    /** Access from IPs on a malicious threat list, succeeded (KV_SuspiciousIPAccess) or denied (…Denied). */
    Toggle suspiciousIp();

    interface Toggle {
        /** Whether this detector runs at all. */
        @WithDefault("true")
        boolean enabled();
    }
}
