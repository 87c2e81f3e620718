package io.vigil.notification.service;

import java.time.Instant;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.repository.DeliveryRepository;

/**
 * The safety net of throttling: alerts held back from an address are normally listed in the next email to it, but
 * when none has come for a whole throttle window the address gets one digest listing them. The digest is claimed in
 * the ledger like an alert email (keyed by the newest held row), so it is sent once even with several instances.
 */
@ApplicationScoped
public class DigestJob {

    private final NotificationConfig config;
    private final DeliveryRepository deliveries;
    private final DeliveryLedger ledger;
    private final EmailComposer composer;
    private final ReactiveMailer mailer;

    public DigestJob(NotificationConfig config, DeliveryRepository deliveries, DeliveryLedger ledger,
            EmailComposer composer, ReactiveMailer mailer) {
        this.config = config;
        this.deliveries = deliveries;
        this.ledger = ledger;
        this.composer = composer;
        this.mailer = mailer;
    }

    @Scheduled(identity = "throttle-digest", every = "${vigil.notification.email.throttle.digest-interval:15m}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sendDigests().onFailure().invoke(e -> Log.warnf(e, "Digest run failed; the next run retries"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends a digest to every address whose held-back alerts have waited a whole window; the number sent. */
    public Uni<Integer> sendDigests() {
        if (!config.email().enabled()) {
            return Uni.createFrom().item(0);
        }
        Instant before = Instant.now().minus(config.email().throttle().window());
        return Panache.withSession(
                () -> deliveries.recipientsHeldSince(EmailNotifier.CHANNEL, before))
                .onItem().transformToMulti(recipients -> Multi.createFrom().iterable(recipients))
                .onItem().transformToUniAndConcatenate(recipient -> digest(recipient, before))
                .collect().with(Collectors.summingInt(sent -> sent ? 1 : 0));
    }

    private Uni<Boolean> digest(String recipient, Instant before) {
        return ledger.claimDigest(EmailNotifier.CHANNEL, recipient, before)
                .onItem().ifNotNull().transformToUni(claim -> mailer.send(composer.composeDigest(claim.delivery(),
                        claim.heldBack()))
                        .onFailure().call(() -> ledger.release(claim))
                        .chain(() -> ledger.confirm(claim))
                        .invoke(() -> Log.infof("Sent a digest of %d held-back alert(s) to a recipient",
                                claim.heldBack().count()))
                        .replaceWith(true))
                .onItem().ifNull().continueWith(false);
    }
}
