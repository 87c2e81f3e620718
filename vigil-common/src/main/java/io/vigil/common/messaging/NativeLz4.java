package io.vigil.common.messaging;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import net.jpountz.lz4.LZ4Factory;

/**
 * Kafka compresses with lz4-java's fastest implementation, but lz4-java only tries its native library when it was
 * loaded by the system class loader, which under Quarkus it is not: every batch went through the pure-Java fallback
 * (half of ingest's sending thread in a profile). Loading the native library once at start makes it the fastest
 * again; where no library fits the platform, or in a native image, the Java one stays. In every service, since each
 * talks to Kafka (ingest and detection compress with lz4).
 */
@Singleton
class NativeLz4 {

    private static final Logger LOG = Logger.getLogger(NativeLz4.class);

    void load(@Observes StartupEvent start) {
        try {
            LZ4Factory.nativeInstance();
        } catch (Throwable unavailable) {
            LOG.debugf("lz4 compression stays in Java: %s", unavailable.toString());
        }
    }
}
