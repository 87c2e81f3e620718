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
import io.vigil.alert.domain.Playbook;
import io.vigil.alert.repository.AlertDetectionRepository;
import io.vigil.alert.repository.AlertRepository;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Vault;

/** Folds detections into alerts: a burst with one correlation key updates one alert instead of opening hundreds. */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final AlertDetectionRepository folded;
    private final AlertConfig config;
    private final Clock clock;

    public AlertService(AlertRepository alerts, AlertDetectionRepository folded, AlertConfig config) {
        this.alerts = alerts;
        this.folded = folded;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Stores the detection's effect and returns the alert state to publish. A detection seen before changes nothing
     * and returns the alert's current state, so a redelivery republishes rather than losing the event.
     */
    @WithTransaction
    public Uni<AlertEvent> record(Detection detection) {
        return folded.findById(detection.detectionId())
                .chain(seen -> seen != null
                        ? alerts.findById(seen.alertId).map(alert -> toEvent(alert, AlertEvent.Change.UPDATED))
                        : fold(detection));
    }

    @WithSession
    public Uni<List<Alert>> list(List<String> subscriptions, AlertStatus status, int page, int size) {
        return alerts.list(subscriptions, status, page, Math.min(size, config.maxPageSize()));
    }

    @WithSession
    public Uni<Alert> find(String id) {
        return alerts.findById(id);
    }

    private Uni<AlertEvent> fold(Detection detection) {
        Instant now = clock.instant();
        return alerts.findOpen(detection.correlationKey(), detection.firstSeen().minus(config.aggregationWindow()))
                .chain(open -> {
                    boolean created = open == null;
                    Alert alert = created ? open(detection, now) : update(open, detection, now);
                    return alerts.persist(alert)
                            .call(() -> folded.persist(new AlertDetection(detection.detectionId(), alert.id, now)))
                            .map(stored -> toEvent(stored,
                                    created ? AlertEvent.Change.CREATED : AlertEvent.Change.UPDATED));
                });
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
                d.remediationSteps(), alert.correlationKey, alert.createdAt, alert.updatedAt);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
