package io.vigil.alert.messaging;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.AlertConfig;
import io.vigil.alert.service.OutboxService;

/**
 * Drains the outbox as soon as a change commits ({@link #kick()}), and on a timer as a safety net for what a kick
 * missed (a failed publish, another replica's leftovers after it stopped).
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxService outbox;
    private final int batchSize;
    private final boolean enabled;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();

    public OutboxRelay(OutboxService outbox, AlertConfig config) {
        this.outbox = outbox;
        this.batchSize = config.outbox().batchSize();
        this.enabled = config.outbox().relayEnabled();
    }

    @Scheduled(every = "${vigil.alert.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        kick();
        return Uni.createFrom().voidItem();
    }

    /** Starts a drain unless one runs; a running drain is told to go round once more. */
    public void kick() {
        if (!enabled) {
            return;
        }
        pending.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        drain().subscribe().with(ignored -> finish(), failure -> {
            Log.warnf("Outbox relay paused: %s; it retries on the next poll", failure.getMessage());
            running.set(false);
        });
    }

    private void finish() {
        running.set(false);
        if (pending.get()) {
            kick();
        }
    }

    private Uni<Void> drain() {
        pending.set(false);
        return outbox.relay(batchSize).repeat().whilst(relayed -> relayed == batchSize).collect().last()
                .replaceWithVoid();
    }
}
