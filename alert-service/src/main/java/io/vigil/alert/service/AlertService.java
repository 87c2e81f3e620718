package io.vigil.alert.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.AlertConfig;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertDetails;
import io.vigil.alert.domain.AlertDetection;
import io.vigil.alert.domain.AlertHistory;
import io.vigil.alert.domain.Lifecycle;
import io.vigil.alert.domain.OutboxEntry;
import io.vigil.alert.domain.Playbook;
import io.vigil.alert.domain.RuleState;
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
        return recordAll(List.of(detection));
    }

    /**
     * Folds detections, in their order, into alerts in one transaction: each as {@link #record} would, with a few
     * queries for the whole batch instead of several per detection (which detections were seen, the open alerts of
     * their correlation keys, the subscriptions' suppression rules) and one commit. Every detection still yields its
     * own alert version and outbox event, so what is published is the same as one detection per transaction.
     */
    @WithTransaction
    public Uni<Void> recordAll(List<Detection> detections) {
        List<String> ids = detections.stream().map(Detection::detectionId).distinct().toList();
        return folded.seen(ids).chain(seen -> {
            Set<String> known = new HashSet<>(seen);
            List<Detection> fresh = new ArrayList<>();
            for (Detection detection : detections) {
                if (known.add(detection.detectionId())) {
                    fresh.add(detection);
                }
            }
            if (fresh.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant();
            Instant notBefore = fresh.stream().map(d -> d.firstSeen().minus(config.aggregationWindow()))
                    .min(Comparator.naturalOrder()).orElseThrow();
            List<String> keys = fresh.stream().map(Detection::correlationKey).distinct().toList();
            List<String> subscriptions = fresh.stream().map(Detection::subscriptionId).distinct().toList();
            return alerts.lockOpen(keys, notBefore)
                    .chain(open -> rules.list("subscriptionId in :subscriptions and state = :enabled "
                                    + "and (expiresAt is null or expiresAt > :now)", Sort.ascending("createdAt", "id"),
                                    Parameters.with("subscriptions", subscriptions).and("enabled", RuleState.Enabled)
                                            .and("now", now))
                            .chain(active -> new Batch(open, active, now).fold(fresh)));
        });
    }

    /**
     * A responder's decision. {@code expectedVersion} is the version the responder saw: a change made since (a new
     * detection, another responder) answers 412 so that nobody decides on stale information.
     */
    @WithTransaction
    public Uni<Alert> changeStatus(String subscriptionId, String alertId, long expectedVersion, AlertStatus to,
            String comment, String actor) {
        // locked: a detection folded meanwhile must neither be overwritten nor overwrite this change
        return alerts.findById(alertId, LockModeType.PESSIMISTIC_WRITE).chain(alert -> {
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
            return write(List.of(transition(alert, to, comment, actor, clock.instant()))).replaceWith(alert);
        });
    }

    /** A status change applied to an alert in memory: the history entry and the event still to be written. */
    public record StatusChange(AlertHistory history, OutboxEntry event) {
    }

    /**
     * Applies an allowed status change to a locked alert of the current transaction: the new status and version, a
     * history entry (who, when, from, to, why) and the {@code STATUS_CHANGED} event. Single and bulk changes both go
     * through here, then through {@link #write}.
     */
    public StatusChange transition(Alert alert, AlertStatus to, String comment, String actor, Instant now) {
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
        return new StatusChange(entry, OutboxEntry.of(toEvent(alert, AlertEvent.Change.STATUS_CHANGED), now));
    }

    /** Writes the changed alerts, their history entries and their events (in order), a few statements in all. */
    public Uni<Void> write(List<StatusChange> changes) {
        return alerts.flush()
                .call(() -> history.insertAll(changes.stream().map(StatusChange::history).toList()))
                .call(() -> outbox.insertAll(changes.stream().map(StatusChange::event).toList()))
                .replaceWithVoid();
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

    /**
     * One transaction's detections folded in order. Alerts opened or updated earlier in the batch are seen by later
     * detections exactly as they would be after a commit; the rows are written at the end, alerts first (history and
     * detections refer to them), then the outbox events in the order the changes happened.
     */
    private final class Batch {

        /** Per correlation key, its most recently active open alert (from the database or opened in this batch). */
        private final Map<String, Alert> openByKey = new HashMap<>();
        /** Per (correlation key, rule), the alert the rule dismissed, once this batch used it. */
        private final Map<String, Alert> dismissedByKeyAndRule = new HashMap<>();
        private final List<SuppressionRule> activeRules;
        /** Each rule's matcher, built once per batch (it parses the rule's ranges). */
        private final Map<String, SuppressionMatcher> matchers = new HashMap<>();
        private final Instant now;
        private final List<Alert> opened = new ArrayList<>();
        private final List<AlertDetection> detections = new ArrayList<>();
        private final List<AlertHistory> histories = new ArrayList<>();
        private final List<OutboxEntry> events = new ArrayList<>();
        private final List<String> matchedRules = new ArrayList<>();

        Batch(List<Alert> open, List<SuppressionRule> activeRules, Instant now) {
            for (Alert alert : open) {
                openByKey.merge(alert.correlationKey, alert, (a, b) -> a.lastSeen.isBefore(b.lastSeen) ? b : a);
            }
            this.activeRules = activeRules;
            this.now = now;
        }

        Uni<Void> fold(List<Detection> fresh) {
            return Multi.createFrom().iterable(fresh).onItem().transformToUniAndConcatenate(this::foldOne)
                    .collect().last().chain(this::store);
        }

        private Uni<Void> foldOne(Detection detection) {
            Instant notBefore = detection.firstSeen().minus(config.aggregationWindow());
            Alert open = openByKey.get(detection.correlationKey());
            if (open != null && !open.lastSeen.isBefore(notBefore)) {
                changed(update(open, detection, now), detection, AlertEvent.Change.UPDATED);
                return Uni.createFrom().voidItem();
            }
            Alert alert = AlertService.this.open(detection, now);
            SuppressionRule rule = activeRules.stream()
                    .filter(r -> r.subscriptionId.equals(alert.subscriptionId))
                    .filter(r -> SuppressionRule.ANY_TYPE.equals(r.alertType)
                            || r.alertType.equals(alert.alertType.name()))
                    .filter(r -> matchers.computeIfAbsent(r.id, id -> SuppressionMatcher.of(r)).matches(alert))
                    .findFirst().orElse(null);
            if (rule == null) {
                openByKey.put(alert.correlationKey, alert);
                opened.add(alert);
                changed(alert, detection, AlertEvent.Change.CREATED);
                return Uni.createFrom().voidItem();
            }
            String key = detection.correlationKey() + '\u0000' + rule.id;
            Alert known = dismissedByKeyAndRule.get(key);
            Uni<Alert> dismissed = known != null && !known.lastSeen.isBefore(notBefore)
                    ? Uni.createFrom().item(known)
                    : alerts.findSuppressed(detection.correlationKey(), rule.id, notBefore);
            return dismissed.invoke(existing -> {
                if (existing != null) {
                    dismissedByKeyAndRule.put(key, existing);
                    changed(update(existing, detection, now), detection, AlertEvent.Change.UPDATED);
                } else {
                    dismissedByKeyAndRule.put(key, alert);
                    suppress(alert, rule);
                    opened.add(alert);
                    changed(alert, detection, AlertEvent.Change.CREATED);
                }
            }).replaceWithVoid();
        }

        private void changed(Alert alert, Detection detection, AlertEvent.Change change) {
            detections.add(new AlertDetection(detection.detectionId(), alert.id, now));
            events.add(OutboxEntry.of(toEvent(alert, change), now));
        }

        /**
         * Dismisses a new alert by a rule, as Defender does. Only new alerts: an alert a responder already works on
         * is not taken away by a rule created later. Further detections of its key that the same rule still
         * dismisses fold into it, like detections into an open alert, so a suppressed noisy source adds one
         * dismissed alert per aggregation window rather than one per detection; once the rule no longer dismisses
         * them (deleted, disabled, expired, narrowed) they open a new alert that responders see. The event is still
         * published (status Dismissed), so exports keep every alert.
         */
        private void suppress(Alert alert, SuppressionRule rule) {
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
            histories.add(entry);
            matchedRules.add(rule.id);
        }

        private Uni<Void> store(Object ignored) {
            Uni<Void> stored = opened.isEmpty() ? Uni.createFrom().voidItem() : alerts.persist(opened);
            return stored
                    // history and detections refer to the alerts, whose inserts Hibernate would otherwise defer
                    .call(alerts::flush)
                    .call(() -> folded.insertAll(detections))
                    .call(() -> history.insertAll(histories))
                    .call(() -> outbox.insertAll(events))
                    // in rule id order, as every transaction does: two lanes counting the same rules cannot deadlock
                    .call(() -> Multi.createFrom().iterable(matchedRules.stream().sorted().toList())
                            .onItem().transformToUniAndConcatenate(id -> rules.countMatch(id, now))
                            .collect().last())
                    .replaceWithVoid();
        }
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
