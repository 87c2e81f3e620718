package io.vigil.notification.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.domain.Delivery;
import io.vigil.notification.repository.DeliveryRepository;

/**
 * The email side of the ledger: claims taken before anything is sent, so a redelivered alert event never reaches a
 * person twice. A claimed row is sent by the delivery worker, which retries a failed send with backoff from the
 * row's persisted state.
 * <p>
 * The claim also applies the per-address throttle: first emails of the alert's severity claimed, retrying or sent to
 * the address within the window are counted from the ledger (so a restart does not reset them) under a per-address
 * lock, and an alert over the limit gets a {@link Delivery.Status#THROTTLED} row instead of a claim. Held rows are
 * listed by the next email to that address (or a digest) and become {@link Delivery.Status#SUMMARISED} once that
 * email was sent; a crash before that lists them again rather than losing them.
 */
@ApplicationScoped
public class DeliveryLedger {

    private final DeliveryRepository deliveries;
    private final NotificationConfig.Throttle throttle;

    public DeliveryLedger(DeliveryRepository deliveries, NotificationConfig config) {
        this.deliveries = deliveries;
        this.throttle = config.email().throttle();
    }

    /** A digest claim, with the alerts held back from this address that it lists. */
    public record Claim(Delivery delivery, HeldBack heldBack) {
    }

    /**
     * The alerts held back from an address: how many, the oldest {@code listed} of them, and the highest ledger id
     * included, so that only these are marked summarised once the email went out.
     */
    public record HeldBack(long count, List<Delivery> listed, long throughId) {

        public static final HeldBack NONE = new HeldBack(0, List.of(), 0);

        public boolean isEmpty() {
            return count == 0;
        }
    }

    /**
     * The alert's first email to this address: a claim (status CLAIMED, due now, with the event to send), a
     * THROTTLED row when the address is over its limit for the severity, or null when the address already has (or
     * had) a first email about this alert.
     */
    @WithTransaction
    public Uni<Delivery> claimFirst(AlertEvent alert, String channel, String recipient, String event) {
        return deliveries.lockRecipient(channel, recipient)
                .chain(() -> deliveries.first(alert.alertId(), channel, recipient))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().nullItem();
                    }
                    Instant now = Instant.now();
                    Delivery delivery = row(alert, channel, recipient, now);
                    int limit = throttle.limit(alert.severity());
                    Uni<Long> sent = limit <= 0 ? Uni.createFrom().item(0L)
                            : deliveries.countSent(channel, recipient, alert.severity(),
                                    now.minus(throttle.window()));
                    return sent.chain(count -> {
                        if (limit > 0 && count >= limit) {
                            delivery.status = Delivery.Status.THROTTLED;
                            delivery.reason = "Over the limit of " + limit + " " + alert.severity().label()
                                    + " email(s) per " + readable(throttle.window()) + " to this address; listed in "
                                    + "the next email or a digest";
                            return deliveries.persist(delivery);
                        }
                        delivery.status = Delivery.Status.CLAIMED;
                        delivery.nextAttemptAt = now;
                        delivery.event = event;
                        return deliveries.persist(delivery);
                    });
                });
    }

    /**
     * A follow-up in the thread of an alert the address got a first email about (sent, or still to be sent): a
     * claim, or null when there is no such first email, this version was already claimed, or (with
     * {@code minimumGap}) the address had an email about this alert more recently than that.
     */
    @WithTransaction
    public Uni<Delivery> claimFollowUp(AlertEvent alert, String channel, String recipient, String event,
            Duration minimumGap) {
        Instant now = Instant.now();
        return deliveries.lockRecipient(channel, recipient)
                .chain(() -> deliveries.find(alert.alertId(), alert.version(), channel, recipient))
                .chain(existing -> existing != null ? Uni.createFrom().<Delivery>nullItem()
                        : deliveries.first(alert.alertId(), channel, recipient))
                .chain(first -> {
                    if (first == null || !DeliveryRepository.LIVE.contains(first.status)) {
                        return Uni.createFrom().<Boolean>item(false);
                    }
                    if (minimumGap == null) {
                        return Uni.createFrom().item(true);
                    }
                    return deliveries.countRecent(alert.alertId(), channel, recipient, now.minus(minimumGap))
                            .map(recent -> recent == 0);
                })
                .chain(send -> {
                    if (!send) {
                        return Uni.createFrom().nullItem();
                    }
                    Delivery delivery = row(alert, channel, recipient, now);
                    delivery.followUp = true;
                    delivery.status = Delivery.Status.CLAIMED;
                    delivery.nextAttemptAt = now;
                    delivery.event = event;
                    return deliveries.persist(delivery);
                });
    }

    private static Delivery row(AlertEvent alert, String channel, String recipient, Instant now) {
        Delivery delivery = new Delivery();
        delivery.alertId = alert.alertId();
        delivery.alertVersion = alert.version();
        delivery.subscriptionId = alert.subscriptionId();
        delivery.channel = channel;
        delivery.recipient = recipient;
        delivery.claimedAt = now;
        delivery.severity = alert.severity();
        delivery.alertType = alert.alertType() == null ? null : alert.alertType().name();
        delivery.alertName = alert.displayName();
        delivery.vaultName = alert.vault() == null ? null : alert.vault().name();
        return delivery;
    }

    /** The version of the alert's first email to the address, the root of its thread; null when there is none. */
    @WithSession
    public Uni<Long> threadRoot(String alertId, String channel, String recipient) {
        return deliveries.first(alertId, channel, recipient).map(first -> first == null ? null : first.alertVersion);
    }

    /**
     * A digest for an address whose held-back alerts have waited since before {@code heldBefore} (so no email has
     * listed them since): a claim like an alert's, keyed by the newest held row, or null when there is nothing to send.
     * It counts against no severity's limit. The digest job sends it itself (the worker does not: its row has no
     * next attempt time).
     */
    @WithTransaction
    public Uni<Claim> claimDigest(String channel, String recipient, Instant heldBefore) {
        return deliveries.lockRecipient(channel, recipient)
                .chain(() -> held(channel, recipient))
                .chain(held -> {
                    if (held.isEmpty() || !held.listed().get(0).claimedAt.isBefore(heldBefore)) {
                        return Uni.createFrom().nullItem();
                    }
                    String key = "digest-" + held.throughId();
                    return deliveries.find(key, channel, recipient).chain(existing -> {
                        if (existing != null) {
                            return Uni.createFrom().nullItem();
                        }
                        Delivery digest = new Delivery();
                        digest.alertId = key;
                        digest.subscriptionId = held.listed().get(0).subscriptionId;
                        digest.channel = channel;
                        digest.recipient = recipient;
                        digest.status = Delivery.Status.CLAIMED;
                        digest.claimedAt = Instant.now();
                        return deliveries.persist(digest).map(claimed -> new Claim(claimed, held));
                    });
                });
    }

    /** The alerts held back from the address now, for the email about to be sent to it. */
    @WithTransaction
    public Uni<HeldBack> heldBack(String channel, String recipient) {
        return deliveries.lockRecipient(channel, recipient).chain(() -> held(channel, recipient));
    }

    private Uni<HeldBack> held(String channel, String recipient) {
        return deliveries.countHeld(channel, recipient).chain(count -> count == 0
                ? Uni.createFrom().item(HeldBack.NONE)
                : deliveries.held(channel, recipient, throttle.summaryLimit())
                        .chain(listed -> deliveries.maxHeldId(channel, recipient)
                                .map(through -> new HeldBack(count, listed, through))));
    }

    /** The email {@code listingId} went out: the held-back alerts it listed are summarised. */
    @WithTransaction
    public Uni<Void> summarised(long listingId, String channel, String recipient, HeldBack heldBack) {
        if (heldBack.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return deliveries.markSummarised(listingId, channel, recipient, heldBack.throughId(), Instant.now())
                .replaceWithVoid();
    }

    /** The digest went out: sent, and the held-back alerts it listed are summarised. */
    @WithTransaction
    public Uni<Void> confirm(Claim claim) {
        Instant now = Instant.now();
        Uni<Integer> sent = deliveries.update("status = ?1, sentAt = ?2 where id = ?3", Delivery.Status.SENT, now,
                claim.delivery().id);
        return claim.heldBack().isEmpty() ? sent.replaceWithVoid()
                : sent.chain(() -> deliveries.markSummarised(claim.delivery().id, claim.delivery().channel,
                        claim.delivery().recipient, claim.heldBack().throughId(), now)).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> release(Claim claim) {
        return deliveries.deleteById(claim.delivery().id).replaceWithVoid();
    }

    static String readable(Duration window) {
        if (window.toMinutes() % (24 * 60) == 0) {
            return window.toDays() == 1 ? "day" : window.toDays() + " days";
        }
        if (window.toMinutes() % 60 == 0) {
            return window.toHours() + " h";
        }
        return window.toMinutes() + " min";
    }
}
