package io.vigil.alert.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertDetails;
import io.vigil.alert.domain.Playbook;
import io.vigil.alert.domain.SettingsAudit;
import io.vigil.alert.domain.SettingsDraft;
import io.vigil.alert.domain.SettingsValidator;
import io.vigil.alert.domain.SettingsSnapshot;
import io.vigil.alert.domain.SubscriptionSettings;
import io.vigil.alert.domain.Weakening;
import io.vigil.alert.messaging.ConfigPublisher;
import io.vigil.alert.repository.SettingsAuditRepository;
import io.vigil.alert.repository.SettingsRepository;
import io.vigil.common.rest.Problem;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.DetectionException;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.ExportDestination;
import io.vigil.events.IpEnrichment;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;

/**
 * A subscription's settings: plan, trusted networks, detection exceptions, notifications and export destinations.
 * Every change is audited in its transaction. A change is committed first and published after; what Kafka did not
 * acknowledge is published again by {@link #republish()}, so the other services converge on every committed change.
 */
@ApplicationScoped
public class SettingsService {

    private final SettingsRepository settings;
    private final SettingsAuditRepository audits;
    private final ConfigPublisher publisher;
    private final AlertService alerts;

    public SettingsService(SettingsRepository settings, SettingsAuditRepository audits, ConfigPublisher publisher,
            AlertService alerts) {
        this.settings = settings;
        this.audits = audits;
        this.publisher = publisher;
        this.alerts = alerts;
    }

    @WithSession
    public Uni<SubscriptionSettings> get(String subscriptionId) {
        return settings.findById(subscriptionId)
                .map(stored -> stored != null ? stored : SubscriptionSettings.defaults(subscriptionId));
    }

    /**
     * Replaces the whole settings document. The plan and trusted networks are required; a section left out (null)
     * stays as it is, so a client written before the section existed cannot erase it.
     */
    public Uni<SubscriptionSettings> replace(String subscriptionId, long expectedVersion, boolean protectionEnabled,
            List<String> trustedNetworks, List<SettingsDraft.ExceptionEntry> exceptions,
            SettingsDraft.Notifications notifications, List<SettingsDraft.Export> exports, String actor) {
        SettingsValidator validator = new SettingsValidator();
        List<String> networks = validator.trustedNetworks(trustedNetworks);
        List<DetectionException> validExceptions = exceptions == null ? null
                : validator.detectionExceptions(exceptions);
        NotificationSettings validNotifications = notifications == null ? null
                : validator.notifications(notifications);
        List<ExportDestination> validExports = exports == null ? null : validator.exports(exports);
        requireValid(validator);
        return update(subscriptionId, expectedVersion, "settings", current -> {
            SettingsSnapshot next = current.withPlan(protectionEnabled, networks);
            next = validExceptions == null ? next : next.withDetectionExceptions(validExceptions);
            next = validNotifications == null ? next : next.withNotifications(validNotifications);
            return validExports == null ? next : next.withExports(validExports);
        }, actor);
    }

    public Uni<SubscriptionSettings> replaceDetectionExceptions(String subscriptionId, long expectedVersion,
            List<SettingsDraft.ExceptionEntry> exceptions, String actor) {
        SettingsValidator validator = new SettingsValidator();
        List<DetectionException> valid = validator.detectionExceptions(exceptions);
        requireValid(validator);
        return update(subscriptionId, expectedVersion, "detection-exceptions",
                current -> current.withDetectionExceptions(valid), actor);
    }

    public Uni<SubscriptionSettings> replaceNotifications(String subscriptionId, long expectedVersion,
            SettingsDraft.Notifications notifications, String actor) {
        SettingsValidator validator = new SettingsValidator();
        NotificationSettings valid = validator.notifications(notifications);
        requireValid(validator);
        return update(subscriptionId, expectedVersion, "notifications", current -> current.withNotifications(valid),
                actor);
    }

    public Uni<SubscriptionSettings> replaceExports(String subscriptionId, long expectedVersion,
            List<SettingsDraft.Export> exports, String actor) {
        SettingsValidator validator = new SettingsValidator();
        List<ExportDestination> valid = validator.exports(exports);
        requireValid(validator);
        return update(subscriptionId, expectedVersion, "exports", current -> current.withExports(valid), actor);
    }

    private static void requireValid(SettingsValidator validator) {
        List<Problem.Violation> violations = validator.violations();
        if (!violations.isEmpty()) {
            throw new ProblemException(422, "invalid-settings", "Invalid settings",
                    violations.size() + " setting(s) are invalid; see errors", violations, null);
        }
    }

    /**
     * Applies a change of {@code section} made on {@code expectedVersion} (0 for the defaults), audits it with the
     * settings before and after, commits, then publishes. {@code change} gets the current settings and returns the
     * new ones; validation happened before, so nothing is stored half-checked.
     */
    Uni<SubscriptionSettings> update(String subscriptionId, long expectedVersion, String section,
            UnaryOperator<SettingsSnapshot> change, String actor) {
        return store(subscriptionId, expectedVersion, section, change, actor)
                // two first changes of a subscription both insert: the loser's view (the defaults) is stale
                .onFailure(SettingsService::duplicateKey).transform(e -> stale("Settings of subscription '"
                        + subscriptionId + "' were created meanwhile; reload them"))
                .call(stored -> publish(stored).onFailure().invoke(e -> Log.warnf(
                        "Settings of subscription %s v%d committed but not yet published (%s); retrying later",
                        subscriptionId, stored.version, e.getMessage())).onFailure().recoverWithNull());
    }

    @WithTransaction
    Uni<SubscriptionSettings> store(String subscriptionId, long expectedVersion, String section,
            UnaryOperator<SettingsSnapshot> change, String actor) {
        return settings.findForUpdate(subscriptionId).chain(existing -> {
            long current = existing == null ? 0 : existing.version;
            if (current != expectedVersion) {
                throw stale("The settings are at version " + current + ", not " + expectedVersion + "; reload them");
            }
            SubscriptionSettings target = existing != null ? existing : SubscriptionSettings.defaults(subscriptionId);
            SettingsSnapshot before = target.snapshot();
            target.apply(change.apply(before));
            target.version = current + 1;
            target.updatedBy = actor;
            target.updatedAt = Instant.now();
            SettingsAudit audit = new SettingsAudit();
            audit.subscriptionId = subscriptionId;
            audit.at = target.updatedAt;
            audit.actor = actor;
            audit.section = section;
            audit.version = target.version;
            audit.before = before;
            audit.after = target.snapshot();
            List<String> weakenings = Weakening.of(before, audit.after);
            return settings.persist(target).call(() -> audits.persist(audit))
                    .call(() -> weakenings.isEmpty() ? Uni.createFrom().voidItem()
                            : alerts.raise(weakenedAlert(target, section, weakenings, actor)));
        });
    }

    /** The alert that makes a weakening change visible where responders look, raised in the change's transaction. */
    static Alert weakenedAlert(SubscriptionSettings settings, String section, List<String> weakenings,
            String actor) {
        AlertType type = AlertType.VIGIL_DetectionWeakened;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("actor", actor);
        facts.put("section", section);
        facts.put("settingsVersion", settings.version);
        facts.put("weakenings", weakenings);
        Alert alert = new Alert();
        String key = String.join("|", settings.subscriptionId, type.name(), String.valueOf(settings.version));
        alert.id = DeterministicId.of(key);
        alert.version = 1;
        alert.subscriptionId = settings.subscriptionId;
        alert.alertType = type;
        alert.displayName = type.displayName();
        alert.description = Playbook.description(type);
        alert.severity = type.severity();
        alert.status = AlertStatus.ACTIVE;
        alert.source = Source.VIGIL;
        // what changed is the subscription's settings, not a vault: the vault fields name them for lists and mails
        alert.vaultId = "vigil:settings:" + settings.subscriptionId;
        alert.vaultName = "settings of " + settings.subscriptionId;
        alert.firstSeen = settings.updatedAt;
        alert.lastSeen = settings.updatedAt;
        alert.detectionCount = 1;
        alert.details = new AlertDetails(type.tactics(), type.techniques(),
                new Principal(PrincipalType.USER, null, actor, null, null), null, IpEnrichment.none(), List.of(),
                new Evidence(actor + " changed the " + section + " settings (version " + settings.version + "): "
                        + String.join("; ", weakenings) + ".", facts), Playbook.remediation(type));
        alert.correlationKey = key;
        alert.createdAt = settings.updatedAt;
        alert.updatedAt = settings.updatedAt;
        return alert;
    }

    private static ProblemException stale(String detail) {
        return new ProblemException(412, "stale-settings", "Settings changed meanwhile", detail);
    }

    private static boolean duplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    @Scheduled(every = "${vigil.alert.settings.republish-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithSession
    Uni<Void> republish() {
        return settings.unpublished().onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::publish)
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("Republishing settings failed (%s); retrying later",
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> publish(SubscriptionSettings stored) {
        return publisher.publish(stored.toConfig())
                .call(() -> markPublished(stored.subscriptionId, stored.version));
    }

    @WithTransaction
    Uni<Integer> markPublished(String subscriptionId, long version) {
        return settings.markPublished(subscriptionId, version);
    }
}
