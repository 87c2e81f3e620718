package io.vigil.notification.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertEvent;
import io.vigil.notification.config.NotificationConfig;
import io.vigil.notification.domain.Delivery;
import io.vigil.notification.repository.DeliveryRepository;

/**
 * Claim, send, confirm. A claim is taken before sending and released only when the send failed, so a redelivered
 * alert event never reaches a person twice; a crash between sending and confirming leaves the claim in place and
 * errs on the side of not repeating.
 * <p>
 * The claim also applies the per-address throttle: emails of the alert's severity claimed or sent to the address
 * within the window are counted from the ledger (so a restart does not reset them) under a per-address lock, and an
 * alert over the limit gets a {@link Delivery.Status#THROTTLED} row instead of a claim. Held rows are listed by the
 * next email to that address (or a digest) and become {@link Delivery.Status#SUMMARISED} when that email was sent; a
 * crash before that lists them again rather than losing them.
 */
@ApplicationScoped
public class DeliveryLedger {

    private final DeliveryRepository deliveries;
    private final NotificationConfig.Throttle throttle;

    public DeliveryLedger(DeliveryRepository deliveries, NotificationConfig config) {
        this.deliveries = deliveries;
        this.throttle = config.email().throttle();
    }

    /** What the ledger decided for one recipient of one alert. */
    public record Claim(Delivery delivery, HeldBack heldBack) {

        /** Over the address's limit: held, not to be sent now. */
        public boolean throttled() {
            return delivery.status == Delivery.Status.THROTTLED;
        }
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
     * The new claim (to send, with the alerts held back from this address to summarise), a throttled row (not to be
     * sent), or null when this recipient was already notified, is being notified, or was throttled for the alert.
     */
    @WithTransaction
    public Uni<Claim> claim(AlertEvent alert, String channel, String recipient) {
        return deliveries.lockRecipient(channel, recipient)
                .chain(() -> deliveries.find(alert.alertId(), channel, recipient))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().nullItem();
                    }
                    Instant now = Instant.now();
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
                    int limit = throttle.limit(alert.severity());
                    Uni<Long> sent = limit <= 0 ? Uni.createFrom().item(0L)
                            : deliveries.countSent(channel, recipient, alert.severity(),
                                    now.minus(throttle.window()));
                    return sent.chain(count -> {
                        if (limit > 0 && count >= limit) {
                            delivery.status = Delivery.Status.THROTTLED;
                            return deliveries.persist(delivery).map(held -> new Claim(held, HeldBack.NONE));
                        }
                        delivery.status = Delivery.Status.CLAIMED;
                        return deliveries.persist(delivery)
                                .chain(claimed -> heldBack(channel, recipient).map(h -> new Claim(claimed, h)));
                    });
                });
    }

    /**
     * A digest for an address whose held-back alerts have waited since before {@code heldBefore} (so no email has
     * listed them since): a claim like an alert's, keyed by the newest held row, or null when there is nothing to send.
     * It counts against no severity's limit.
     */
    @WithTransaction
    public Uni<Claim> claimDigest(String channel, String recipient, Instant heldBefore) {
        return deliveries.lockRecipient(channel, recipient)
                .chain(() -> heldBack(channel, recipient))
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

    private Uni<HeldBack> heldBack(String channel, String recipient) {
        return deliveries.countHeld(channel, recipient).chain(count -> count == 0
                ? Uni.createFrom().item(HeldBack.NONE)
                : deliveries.held(channel, recipient, throttle.summaryLimit())
                        .chain(listed -> deliveries.maxHeldId(channel, recipient)
                                .map(through -> new HeldBack(count, listed, through))));
    }

    /** The email went out: the claim is sent, and the held-back alerts it listed are summarised. */
    @WithTransaction
    public Uni<Void> confirm(Claim claim) {
        Instant now = Instant.now();
        Uni<Integer> sent = deliveries.update("status = ?1, sentAt = ?2 where id = ?3", Delivery.Status.SENT, now,
                claim.delivery().id);
        return claim.heldBack().isEmpty() ? sent.replaceWithVoid()
                : sent.chain(() -> deliveries.markSummarised(claim.delivery(), claim.heldBack().throughId(), now))
                        .replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> release(Claim claim) {
        return deliveries.deleteById(claim.delivery().id).replaceWithVoid();
    }
}
