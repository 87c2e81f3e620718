package io.vigil.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vigil.events.AlertEvent;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * Sends due ledger rows, whatever their channel, and records the outcome: SENT; RETRYING with the next attempt after
 * an exponential backoff (initial × 2^(attempt-1), capped); FAILED when the failure is permanent or the row is older
 * than the maximum age. Rows are leased with {@code FOR UPDATE SKIP LOCKED}, so several instances share the work
 * and a row whose instance died is taken up again when its lease ends. Rows of one destination are sent in order,
 * different destinations in parallel. Woken by every alert and by a timer.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final LedgerStore store;
    private final NotificationConfig.Delivery config;
    private final Duration settingsTimeout;
    private final SubscriptionSettings settings;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Map<String, Channel> channels = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public DeliveryWorker(LedgerStore store, NotificationConfig config, SubscriptionSettings settings,
            ObjectMapper mapper, Vertx vertx, Instance<Channel> senders) {
        this.store = store;
        this.config = config.delivery();
        this.settingsTimeout = config.settings().readyTimeout();
        this.settings = settings;
        this.mapper = mapper;
        this.vertx = vertx;
        for (Channel sender : senders) {
            sender.names().forEach(name -> channels.put(name, sender));
        }
    }

    @Scheduled(identity = "delivery-worker", every = "${vigil.notification.delivery.poll-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        poke();
    }

    /** Sends what is due now, unless a run is under way (which then goes on for another round). */
    public void poke() {
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Contexts.isolated(vertx, this::drain)
                .onTermination().invoke(() -> {
                    running.set(false);
                    if (again.get()) {
                        poke();
                    }
                })
                .subscribe().with(ignored -> {
                }, e -> Log.warnf(e, "Delivery run failed; the next run retries"));
    }

    private Uni<Void> drain() {
        again.set(false);
        return runOnce().chain(count -> count >= config.batchSize() ? drain() : Uni.createFrom().voidItem());
    }

    /** Leases one batch of due rows and sends them; the number of rows attempted. */
    public Uni<Integer> runOnce() {
        return settings.awaitLoaded(settingsTimeout)
                .chain(() -> store.lease(config.batchSize(), config.inFlightTimeout()))
                .chain(due -> {
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Map<String, List<LedgerStore.Due>> byDestination = new LinkedHashMap<>();
                    for (LedgerStore.Due row : due) {
                        byDestination.computeIfAbsent(row.channel() + "\n" + row.recipient(),
                                k -> new java.util.ArrayList<>()).add(row);
                    }
                    return Multi.createFrom().iterable(byDestination.values())
                            .onItem().transformToUni(rows -> Contexts.isolated(vertx, () -> inOrder(rows)))
                            .merge(Math.max(1, config.concurrency()))
                            .collect().last()
                            .replaceWith(due.size());
                });
    }

    /**
     * One destination's rows, oldest first. After a failure to be retried, the rest wait for the retry rather than
     * each spend a timeout on a receiver that is down: the batch (and the emails in it) moves on after one.
     */
    private Uni<Void> inOrder(List<LedgerStore.Due> rows) {
        return inOrder(rows, 0);
    }

    private Uni<Void> inOrder(List<LedgerStore.Due> rows, int from) {
        if (from == rows.size()) {
            return Uni.createFrom().voidItem();
        }
        return attempt(rows.get(from)).chain(goOn -> goOn ? inOrder(rows, from + 1) : deferred(rows, from + 1));
    }

    private Uni<Void> deferred(List<LedgerStore.Due> rows, int from) {
        Instant next = Instant.now().plus(config.initialBackoff());
        return Multi.createFrom().iterable(rows.subList(from, rows.size()))
                .onItem().transformToUniAndConcatenate(row -> store.retrying(row.id(), next,
                        "Held behind an earlier delivery to the same destination, which failed"))
                .collect().last().replaceWithVoid();
    }

    /** Sends one row and records the outcome; whether the destination may take the next row now. */
    private Uni<Boolean> attempt(LedgerStore.Due row) {
        Channel channel = channels.get(row.channel());
        if (channel == null) {
            return store.failed(row.id(), "No sender for channel '" + row.channel() + "'").replaceWith(true);
        }
        AlertEvent alert;
        try {
            alert = mapper.readValue(row.event(), AlertEvent.class);
        } catch (Exception e) {
            return store.failed(row.id(), "The stored alert event is unreadable: " + e.getMessage())
                    .replaceWith(true);
        }
        Attempt attempt = new Attempt(row.id(), row.alertId(), row.alertVersion(), row.subscriptionId(),
                row.channel(), row.recipient(), row.followUp(), row.attempts(), row.claimedAt(), alert);
        Executor here = Contexts.current();
        Uni<Void> send;
        try {
            send = channel.send(attempt);
        } catch (RuntimeException e) {
            send = Uni.createFrom().failure(e);
        }
        // once sent, only SENT may be recorded: a failure to record it leaves the lease to expire (and resend)
        return send.emitOn(here)
                .onItemOrFailure().transformToUni((ignored, e) -> e == null ? store.sent(row.id()).replaceWith(true)
                        : outcome(row, e).replaceWith(e instanceof DeliveryFailure failure && failure.permanent()))
                .onFailure().invoke(e -> Log.warnf("Could not record the outcome of delivery %d: %s", row.id(),
                        e.toString()))
                .onFailure().recoverWithItem(false);
    }

    private Uni<Void> outcome(LedgerStore.Due row, Throwable e) {
        String reason = e instanceof DeliveryFailure failure ? failure.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e instanceof DeliveryFailure failure && failure.permanent()) {
            Log.warnf("Delivery %d (%s) of alert %s v%d failed for good: %s", row.id(), row.channel(), row.alertId(),
                    row.alertVersion(), reason);
            return store.failed(row.id(), reason);
        }
        Instant now = Instant.now();
        Duration age = Duration.between(row.claimedAt(), now);
        if (age.compareTo(config.maxAge()) >= 0) {
            Log.warnf("Delivery %d (%s) of alert %s v%d given up after %d attempts: %s", row.id(), row.channel(),
                    row.alertId(), row.alertVersion(), row.attempts(), reason);
            return store.failed(row.id(), "Given up after " + row.attempts() + " attempts over " + readable(age)
                    + "; last error: " + reason);
        }
        Duration wait = backoff(row.attempts());
        Log.infof("Delivery %d (%s) of alert %s v%d failed (attempt %d: %s); retrying in %s", row.id(), row.channel(),
                row.alertId(), row.alertVersion(), row.attempts(), reason, wait);
        return store.retrying(row.id(), now.plus(wait), reason);
    }

    /** initial × 2^(attempts-1), at most the maximum backoff. */
    Duration backoff(int attempts) {
        Duration wait = config.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private static String readable(Duration age) {
        if (age.toHours() >= 1) {
            return age.toHours() + " h " + age.toMinutesPart() + " min";
        }
        return age.toMinutes() >= 1 ? age.toMinutes() + " min" : age.toSeconds() + " s";
    }
}
