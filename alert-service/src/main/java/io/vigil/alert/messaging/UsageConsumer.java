package io.vigil.alert.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.UsageService;
import io.vigil.events.Usage;

/**
 * Hourly usage in. The offset is committed after the hour is stored; a replay stores the same hour again, which the
 * usage id makes a no-op.
 */
@ApplicationScoped
public class UsageConsumer {

    private final UsageService usage;

    public UsageConsumer(UsageService usage) {
        this.usage = usage;
    }

    @Incoming("usage")
    public Uni<Void> consume(Usage record) {
        if (record == null || record.usageId() == null || record.subscriptionId() == null
                || record.hourStart() == null) {
            Log.warn("Skipping a usage record without usage id, subscription or hour");
            return Uni.createFrom().voidItem();
        }
        return usage.record(record).replaceWithVoid()
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .onFailure().invoke(e -> Log.errorf(e, "Usage %s could not be stored; it goes to the dead-letter "
                        + "topic", record.usageId()));
    }
}
