package io.vigil.notification.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.events.Severity;
import io.vigil.notification.domain.Delivery;
import io.vigil.notification.domain.Delivery.Status;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepository<Delivery> {

    /** Statuses of a delivery that went out or is still going to. */
    public static final List<Status> LIVE = List.of(Status.CLAIMED, Status.SENT, Status.RETRYING);

    public Uni<Delivery> find(String alertId, String channel, String recipient) {
        return find("alertId = ?1 and channel = ?2 and recipient = ?3", alertId, channel, recipient).firstResult();
    }

    public Uni<Delivery> find(String alertId, long version, String channel, String recipient) {
        return find("alertId = ?1 and alertVersion = ?2 and channel = ?3 and recipient = ?4", alertId, version, channel,
                recipient).firstResult();
    }

    /** The alert's first email to the address (not a follow-up), whatever became of it. */
    public Uni<Delivery> first(String alertId, String channel, String recipient) {
        return find("alertId = ?1 and channel = ?2 and recipient = ?3 and followUp = false", alertId, channel,
                recipient).firstResult();
    }

    /** Emails about the alert to the address (first or follow-up) sent, or to be sent, since {@code since}. */
    public Uni<Long> countRecent(String alertId, String channel, String recipient, Instant since) {
        return count("alertId = ?1 and channel = ?2 and recipient = ?3 and status in ?4"
                + " and coalesce(sentAt, claimedAt) > ?5", alertId, channel, recipient, LIVE, since);
    }

    /**
     * Serialises the throttling decisions about one address until the current transaction ends, so that two alerts
     * for the same person (on two partitions, or two instances) cannot both take the last email of the day.
     */
    public Uni<Void> lockRecipient(String channel, String recipient) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(:key))) l")
                .setParameter("key", channel + ":" + recipient)
                .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * First emails about alerts of this severity sent (or to be sent: claimed, retrying) to the address since
     * {@code since}. Follow-ups in an alert's thread count against no limit.
     */
    public Uni<Long> countSent(String channel, String recipient, Severity severity, Instant since) {
        return count("channel = ?1 and recipient = ?2 and severity = ?3 and status in ?4 and followUp = false"
                + " and coalesce(sentAt, claimedAt) > ?5", channel, recipient, severity, LIVE, since);
    }

    /** The address's held-back alerts, oldest first, at most {@code limit} of them. */
    public Uni<List<Delivery>> held(String channel, String recipient, int limit) {
        return find("channel = ?1 and recipient = ?2 and status = ?3", Sort.by("claimedAt").and("id"), channel,
                recipient, Status.THROTTLED).page(0, Math.max(limit, 1)).list();
    }

    public Uni<Long> countHeld(String channel, String recipient) {
        return count("channel = ?1 and recipient = ?2 and status = ?3", channel, recipient, Status.THROTTLED);
    }

    public Uni<Long> maxHeldId(String channel, String recipient) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                "select max(id) from Delivery where channel = ?1 and recipient = ?2 and status = ?3", Long.class)
                .setParameter(1, channel).setParameter(2, recipient).setParameter(3, Status.THROTTLED)
                .getSingleResultOrNull());
    }

    /** Addresses with alerts held since before {@code before}: nothing has been sent to them since. */
    public Uni<List<String>> recipientsHeldSince(String channel, Instant before) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                "select distinct recipient from Delivery where channel = ?1 and status = ?2 and claimedAt < ?3",
                String.class)
                .setParameter(1, channel).setParameter(2, Status.THROTTLED).setParameter(3, before)
                .getResultList());
    }

    /** Marks the address's held-back alerts up to {@code throughId} as listed by the delivery {@code summaryId}. */
    public Uni<Integer> markSummarised(long summaryId, String channel, String recipient, long throughId, Instant at) {
        return update("status = ?1, summarisedBy = ?2, summarisedAt = ?3 where channel = ?4 and recipient = ?5"
                + " and status = ?6 and id <= ?7", Status.SUMMARISED, summaryId, at, channel, recipient,
                Status.THROTTLED, throughId);
    }
}
