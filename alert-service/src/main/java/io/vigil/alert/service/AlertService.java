package io.vigil.alert.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.AlertConfig;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertDetails;
import io.vigil.alert.domain.AlertDetection;
import io.vigil.alert.domain.AlertHistory;
import io.vigil.alert.domain.Lifecycle;
import io.vigil.alert.domain.OutboxEntry;
import io.vigil.alert.domain.Playbook;
import io.vigil.alert.domain.SuppressionMatcher;
import io.vigil.alert.domain.SuppressionRule;
import io.vigil.alert.repository.AlertDetectionRepository;
import io.vigil.alert.repository.AlertHistoryRepository;
import io.vigil.alert.repository.AlertRepository;
import io.vigil.alert.repository.OutboxRepository;
import io.vigil.alert.repository.SuppressionRuleRepository;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Vault;

/**
 * Folds detections into alerts (a burst with one correlation key updates one alert instead of opening hundreds) and
 * carries responders' status changes. Every change writes its alert event to the outbox in the same transaction.
 */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final AlertDetectionRepository folded;
    private final AlertHistoryRepository history;
    private final OutboxRepository outbox;
    private final SuppressionRuleRepository rules;
    private final AlertConfig config;
    private final Clock clock;

    public AlertService(AlertRepository alerts, AlertDetectionRepository folded, AlertHistoryRepository history,
            OutboxRepository outbox, SuppressionRuleRepository rules, AlertConfig config) {
        this.alerts = alerts;
        this.folded = folded;
        this.history = history;
        this.outbox = outbox;
        this.rules = rules;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Stores the detection's effect together with the alert event that announces it (the outbox), in one
     * transaction. A detection seen before changes nothing: its event is already in the outbox or published.
     */
    @WithTransaction
    public Uni<Void> record(Detection detection) {
        return folded.findById(detection.detectionId())
                .chain(seen -> seen != null ? Uni.createFrom().voidItem() : fold(detection));
    }

    /**
     * A responder's decision. {@code expectedVersion} is the version the responder saw: a change made since (a new
     * detection, another responder) answers 412 so that nobody decides on stale information.
     */
    @WithTransaction
    public Uni<Alert> changeStatus(String subscriptionId, String alertId, long expectedVersion, AlertStatus to,
            String comment, String actor) {
        return alerts.findById(alertId).chain(alert -> {
            if (alert == null || !alert.subscriptionId.equals(subscriptionId)) {
                throw notFound(subscriptionId, alertId);
            }
            if (alert.version != expectedVersion) {
                throw new ProblemException(412, "stale-alert", "Alert changed meanwhile",
                        "The alert is at version " + alert.version + ", not " + expectedVersion
                                + "; reload it and decide again");
            }
            if (!Lifecycle.allows(alert.status, to)) {
                throw new ProblemException(409, "invalid-transition", "Status change not allowed",
                        "An alert that is " + alert.status + " cannot become " + to + "; allowed: "
                                + Lifecycle.next(alert.status));
            }
            Instant now = clock.instant();
            AlertHistory entry = new AlertHistory();
            entry.alertId = alert.id;
            entry.at = now;
            entry.actor = actor;
            entry.fromStatus = alert.status;
            entry.toStatus = to;
            entry.comment = comment;
            alert.status = to;
            alert.version++;
            alert.updatedAt = now;
            return history.persist(entry)
                    .call(() -> outbox.persist(OutboxEntry.of(toEvent(alert, AlertEvent.Change.STATUS_CHANGED), now)))
                    .replaceWith(alert);
        });
    }

    /**
     * Stores an alert Vigil raises itself (not from a detection) with its event, in the caller's transaction when
     * there is one, so the alert exists exactly when the change it reports does.
     */
    @WithTransaction
    public Uni<Alert> raise(Alert alert) {
        return alerts.persist(alert)
                .call(() -> outbox.persist(OutboxEntry.of(toEvent(alert, AlertEvent.Change.CREATED), alert.createdAt)))
                .replaceWith(alert);
    }

    @WithSession
    public Uni<List<AlertHistory>> history(String alertId) {
        return history.ofAlert(alertId);
    }

    public static ProblemException notFound(String subscriptionId, String alertId) {
        return new ProblemException(404, "alert-not-found", "Alert not found",
                "No alert '" + alertId + "' in subscription '" + subscriptionId + "'");
    }

    @WithSession
    public Uni<List<Alert>> list(List<String> subscriptions, AlertStatus status, int page, int size) {
        return alerts.list(subscriptions, status, page, Math.min(size, config.maxPageSize()));
    }

    @WithSession
    public Uni<Alert> find(String id) {
        return alerts.findById(id);
    }

    private Uni<Void> fold(Detection detection) {
        Instant now = clock.instant();
        Instant notBefore = detection.firstSeen().minus(config.aggregationWindow());
        return alerts.findOpen(detection.correlationKey(), notBefore)
                .chain(open -> {
                    if (open != null) {
                        Alert alert = update(open, detection, now);
                        return store(alert, detection, AlertEvent.Change.UPDATED, now);
                    }
                    Alert alert = open(detection, now);
                    return rules.activeFor(alert.subscriptionId, alert.alertType, now)
                            .map(candidates -> candidates.stream().filter(r -> SuppressionMatcher.of(r).matches(alert))
                                    .findFirst().orElse(null))
                            .chain(rule -> rule == null ? store(alert, detection, AlertEvent.Change.CREATED, now)
                                    : alerts.findSuppressed(detection.correlationKey(), rule.id, notBefore)
                                            .chain(dismissed -> dismissed == null
                                                    ? suppressed(alert, detection, rule, now)
                                                    : store(update(dismissed, detection, now), detection,
                                                            AlertEvent.Change.UPDATED, now)));
                });
    }

    private Uni<Void> store(Alert alert, Detection detection, AlertEvent.Change change, Instant now) {
        AlertEvent event = toEvent(alert, change);
        return alerts.persist(alert)
                .call(() -> folded.persist(new AlertDetection(detection.detectionId(), alert.id, now)))
                .call(() -> outbox.persist(OutboxEntry.of(event, now)))
                .replaceWithVoid();
    }

    /**
     * Dismisses a new alert by a rule, as Defender does. Only new alerts: an alert a responder already works on is
     * not taken away by a rule created later. Further detections of its key that the same rule still dismisses fold
     * into it, like detections into an open alert, so a suppressed noisy source adds one dismissed alert per
     * aggregation window rather than one per detection; once the rule no longer dismisses them (deleted, disabled,
     * expired, narrowed) they open a new alert that responders see. The event is still published (status Dismissed),
     * so exports keep every alert.
     */
    private Uni<Void> suppressed(Alert alert, Detection detection, SuppressionRule rule, Instant now) {
        AlertHistory entry = new AlertHistory();
        entry.alertId = alert.id;
        entry.at = now;
        entry.actor = "rule:" + rule.id;
        entry.fromStatus = alert.status;
        entry.toStatus = AlertStatus.DISMISSED;
        entry.comment = "Dismissed by suppression rule '" + rule.name + "' (" + rule.reason + ")"
                + (rule.comment == null ? "" : ": " + rule.comment);
        alert.status = AlertStatus.DISMISSED;
        alert.suppressedBy = rule.id;
        return store(alert, detection, AlertEvent.Change.CREATED, now)
                // the history row refers to the alert, whose insert Hibernate would otherwise defer
                .call(alerts::flush)
                .call(() -> history.persist(entry))
                .call(() -> rules.countMatch(rule.id, now))
                .replaceWithVoid();
    }

    private Alert open(Detection detection, Instant now) {
        Alert alert = new Alert();
        alert.id = DeterministicId.of(detection.correlationKey(), detection.detectionId());
        alert.version = 1;
        alert.subscriptionId = detection.subscriptionId();
        alert.alertType = detection.alertType();
        alert.displayName = detection.alertType().displayName();
        alert.description = Playbook.description(detection.alertType());
        alert.severity = detection.severity();
        alert.status = AlertStatus.ACTIVE;
        alert.source = detection.source();
        alert.vaultId = detection.vault().id();
        alert.vaultName = detection.vault().name();
        alert.firstSeen = detection.firstSeen();
        alert.lastSeen = detection.lastSeen();
        alert.detectionCount = 1;
        alert.details = new AlertDetails(detection.tactics(), detection.techniques(), detection.principal(),
                detection.client(), detection.ip(), newestFirst(detection.objects(), List.of()),
                detection.evidence(), Playbook.remediation(detection.alertType()));
        alert.correlationKey = detection.correlationKey();
        alert.createdAt = now;
        alert.updatedAt = now;
        return alert;
    }

    private Alert update(Alert alert, Detection detection, Instant now) {
        alert.version++;
        alert.detectionCount++;
        alert.firstSeen = min(alert.firstSeen, detection.firstSeen());
        alert.lastSeen = max(alert.lastSeen, detection.lastSeen());
        alert.details = alert.details.withActivity(detection.client(), detection.ip(),
                newestFirst(detection.objects(), alert.details.objects()), detection.evidence());
        alert.updatedAt = now;
        return alert;
    }

    /** The union of both lists, one entry per (object, operation, time), newest first, bounded. */
    private List<AccessedObject> newestFirst(List<AccessedObject> incoming, List<AccessedObject> known) {
        Map<String, AccessedObject> merged = new LinkedHashMap<>();
        for (AccessedObject object : incoming) {
            merged.putIfAbsent(object.id() + '|' + object.operation() + '|' + object.time(), object);
        }
        for (AccessedObject object : known) {
            merged.putIfAbsent(object.id() + '|' + object.operation() + '|' + object.time(), object);
        }
        List<AccessedObject> sorted = new ArrayList<>(merged.values());
        sorted.sort(Comparator.comparing(AccessedObject::time, Comparator.nullsLast(Comparator.reverseOrder())));
        return List.copyOf(sorted.subList(0, Math.min(sorted.size(), config.maxObjects())));
    }

    public static AlertEvent toEvent(Alert alert, AlertEvent.Change change) {
        AlertDetails d = alert.details;
        return new AlertEvent(alert.id, AlertEvent.SCHEMA_VERSION, alert.version, change, alert.subscriptionId,
                alert.alertType, alert.displayName, alert.description, alert.severity, alert.status, d.tactics(),
                d.techniques(), alert.source, new Vault(alert.vaultId, alert.vaultName), d.principal(), d.client(),
                d.ip(), alert.firstSeen, alert.lastSeen, alert.detectionCount, d.objects(), d.evidence(),
                d.remediationSteps(), alert.correlationKey, alert.createdAt, alert.updatedAt,
                alert.suppressedBy, alert.simulated);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
