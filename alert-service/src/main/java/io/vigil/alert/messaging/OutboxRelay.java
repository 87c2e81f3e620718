package io.vigil.alert.messaging;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigil.alert.config.AlertConfig;
import io.vigil.alert.service.OutboxService;

/**
 * Drains the outbox as soon as a change commits ({@link #kick()}), and on a timer as a safety net for what a kick
 * missed (a failed publish, another replica's leftovers after it stopped).
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxService outbox;
    private final Vertx vertx;
    private final int batchSize;
    private final boolean enabled;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    /** The relay's own event loop, taken at startup: draining does not compete with the consumer's thread. */
    private volatile Context home;

    public OutboxRelay(OutboxService outbox, AlertConfig config, Vertx vertx) {
        this.outbox = outbox;
        this.vertx = vertx;
        this.batchSize = config.outbox().batchSize();
        this.enabled = config.outbox().relayEnabled();
    }

    void start(@Observes StartupEvent event) {
        // from the main thread, this is a new context on the next event loop rather than the caller's
        home = vertx.getOrCreateContext();
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
        // on a context of its own: the caller's context may hold the caller's database session (a consumer going on
        // with its next transaction), which the relay must neither reuse nor disturb. Never fails the caller.
        try {
            Context context = VertxContext.createNewDuplicatedContext(home != null ? home : vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    drain().subscribe().with(done -> finish(), this::paused);
                } catch (RuntimeException e) {
                    paused(e);
                }
            });
        } catch (RuntimeException e) {
            paused(e);
        }
    }

    private void paused(Throwable failure) {
        Log.warnf("Outbox relay paused: %s; it retries on the next poll", failure.getMessage());
        running.set(false);
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
