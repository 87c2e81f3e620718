package io.vigil.alert.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.AlertConfig;
import io.vigil.alert.domain.Alert;
import io.vigil.alert.domain.AlertDetails;
import io.vigil.alert.domain.Playbook;
import io.vigil.alert.domain.RuleConditions;
import io.vigil.alert.domain.RuleDefinition;
import io.vigil.alert.domain.RuleSnapshot;
import io.vigil.alert.domain.RuleState;
import io.vigil.alert.domain.RuleValidator;
import io.vigil.alert.domain.SuppressionMatcher;
import io.vigil.alert.domain.SuppressionRule;
import io.vigil.alert.domain.SuppressionRuleAudit;
import io.vigil.alert.domain.SuppressionRuleAudit.Action;
import io.vigil.alert.repository.AlertRepository;
import io.vigil.alert.repository.SuppressionRuleAuditRepository;
import io.vigil.alert.repository.SuppressionRuleRepository;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;

/**
 * Suppression rules of a subscription. Every change is audited and raised as an informational alert in the same
 * transaction: a rule that dismisses alerts is also a way to hide an attack, so no change may go unseen.
 */
@ApplicationScoped
public class SuppressionRuleService {

    private static final int SAMPLE_SIZE = 20;
    private static final int SIMULATION_PAGE = 500;

    private final SuppressionRuleRepository rules;
    private final SuppressionRuleAuditRepository audits;
    private final AlertRepository alerts;
    private final AlertService alertService;
    private final AlertConfig config;
    private final Clock clock;

    public SuppressionRuleService(SuppressionRuleRepository rules, SuppressionRuleAuditRepository audits,
            AlertRepository alerts, AlertService alertService, AlertConfig config) {
        this.rules = rules;
        this.audits = audits;
        this.alerts = alerts;
        this.alertService = alertService;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /** What a simulation found: how many alerts the draft would have dismissed, and the newest of them. */
    public record Simulation(long count, long scanned, boolean truncated, Instant since, List<Alert> sample) {
    }

    @WithSession
    public Uni<List<SuppressionRule>> list(String subscriptionId, AlertType type) {
        return rules.ofSubscription(subscriptionId, type);
    }

    @WithSession
    public Uni<SuppressionRule> get(String subscriptionId, String id) {
        return rules.findById(id).map(rule -> {
            if (rule == null || !rule.subscriptionId.equals(subscriptionId)) {
                throw notFound(subscriptionId, id);
            }
            return rule;
        });
    }

    @WithTransaction
    public Uni<SuppressionRule> create(String subscriptionId, RuleDefinition definition, Actor actor) {
        Instant now = clock.instant();
        RuleDefinition valid = RuleValidator.validate(definition, now, RuleValidator.Mode.CREATE, null, maxDuration());
        SuppressionRule rule = new SuppressionRule();
        rule.id = UUID.randomUUID().toString();
        rule.version = 1;
        rule.subscriptionId = subscriptionId;
        rule.createdBy = actor.name();
        rule.createdAt = now;
        rule.suppressedCount = 0;
        apply(rule, valid, actor, now);
        return requireFreeName(rule)
                .chain(() -> rules.persist(rule))
                .chain(() -> changed(rule, Action.CREATED, null, RuleSnapshot.of(rule), actor, now));
    }

    /** Replaces the rule's definition; {@code expectedVersion} is the ETag the user edited (412 when stale). */
    @WithTransaction
    public Uni<SuppressionRule> update(String subscriptionId, String id, long expectedVersion,
            RuleDefinition definition, Actor actor) {
        Instant now = clock.instant();
        return rules.findForUpdate(subscriptionId, id).chain(rule -> {
            if (rule == null) {
                throw notFound(subscriptionId, id);
            }
            requireVersion(rule, expectedVersion);
            RuleDefinition valid = RuleValidator.validate(definition, now, RuleValidator.Mode.UPDATE, rule.expiresAt,
                    maxDuration());
            RuleSnapshot before = RuleSnapshot.of(rule);
            rule.version++;
            apply(rule, valid, actor, now);
            RuleSnapshot after = RuleSnapshot.of(rule);
            return requireFreeName(rule).chain(() -> changed(rule, action(before, after), before, after, actor, now));
        });
    }

    /** Alerts the rule dismissed stay dismissed: deleting it only stops future dismissals. */
    @WithTransaction
    public Uni<Void> delete(String subscriptionId, String id, Long expectedVersion, Actor actor) {
        Instant now = clock.instant();
        return rules.findForUpdate(subscriptionId, id).chain(rule -> {
            if (rule == null) {
                throw notFound(subscriptionId, id);
            }
            if (expectedVersion != null) {
                requireVersion(rule, expectedVersion);
            }
            return rules.delete(rule)
                    .chain(() -> changed(rule, Action.DELETED, RuleSnapshot.of(rule), null, actor, now))
                    .replaceWithVoid();
        });
    }

    /** The rule's changes, oldest first; still served after the rule was deleted. */
    @WithSession
    public Uni<List<SuppressionRuleAudit>> audit(String subscriptionId, String id) {
        return audits.ofRule(subscriptionId, id).map(entries -> {
            if (entries.isEmpty()) {
                throw notFound(subscriptionId, id);
            }
            return entries;
        });
    }

    /** Which of the subscription's alerts of the last {@code days} the draft would have dismissed; changes nothing. */
    @WithSession
    public Uni<Simulation> simulate(String subscriptionId, RuleDefinition draft, int days) {
        Instant now = clock.instant();
        RuleDefinition valid = RuleValidator.validate(draft, now, RuleValidator.Mode.DRAFT, null, null);
        SuppressionMatcher matcher = SuppressionMatcher.of(valid.alertType(), new RuleConditions(valid.conditions()));
        AlertType type = SuppressionRule.ANY_TYPE.equals(valid.alertType()) ? null : AlertType.valueOf(valid.alertType());
        Instant since = now.minus(Duration.ofDays(days));
        return scan(subscriptionId, type, since, matcher, null, null, new Tally());
    }

    private Uni<Simulation> scan(String subscriptionId, AlertType type, Instant since, SuppressionMatcher matcher,
            Instant afterLastSeen, String afterId, Tally tally) {
        return alerts.simulationPage(subscriptionId, type, since, afterLastSeen, afterId, SIMULATION_PAGE)
                .chain(page -> {
                    for (Alert alert : page) {
                        tally.scanned++;
                        if (matcher.matches(alert)) {
                            tally.count++;
                            if (tally.sample.size() < SAMPLE_SIZE) {
                                tally.sample.add(alert);
                            }
                        }
                    }
                    boolean more = page.size() == SIMULATION_PAGE;
                    if (!more || tally.scanned >= config.suppression().simulateMaxAlerts()) {
                        return Uni.createFrom().item(new Simulation(tally.count, tally.scanned, more, since,
                                List.copyOf(tally.sample)));
                    }
                    Alert last = page.get(page.size() - 1);
                    // a read-only scan: drop what the session tracks so memory stays one page
                    return alerts.getSession().invoke(Mutiny.Session::clear)
                            .chain(() -> scan(subscriptionId, type, since, matcher, last.lastSeen, last.id, tally));
                });
    }

    private static final class Tally {
        long count;
        long scanned;
        final List<Alert> sample = new ArrayList<>();
    }

    private Duration maxDuration() {
        return config.suppression().maxDuration().orElse(null);
    }

    private static void apply(SuppressionRule rule, RuleDefinition valid, Actor actor, Instant now) {
        rule.name = valid.name();
        rule.alertType = valid.alertType();
        rule.conditions = new RuleConditions(valid.conditions());
        rule.reason = valid.reason();
        rule.comment = valid.comment();
        rule.expiresAt = valid.expiresAt();
        rule.state = valid.state();
        rule.updatedBy = actor.name();
        rule.updatedAt = now;
    }

    private Uni<Void> requireFreeName(SuppressionRule rule) {
        return rules.nameTaken(rule.subscriptionId, rule.name, rule.id).invoke(taken -> {
            if (taken) {
                throw new ProblemException(409, "rule-name-taken", "Rule name taken",
                        "Subscription '" + rule.subscriptionId + "' already has a suppression rule named '"
                                + rule.name + "'");
            }
        }).replaceWithVoid();
    }

    private static void requireVersion(SuppressionRule rule, long expectedVersion) {
        if (rule.version != expectedVersion) {
            throw new ProblemException(412, "stale-rule", "Rule changed meanwhile",
                    "The rule is at version " + rule.version + ", not " + expectedVersion
                            + "; reload it and edit again");
        }
    }

    /** A change of the state alone reads as enabling or disabling; anything else is an update. */
    private static Action action(RuleSnapshot before, RuleSnapshot after) {
        RuleSnapshot sameState = new RuleSnapshot(after.name(), after.alertType(), after.conditions(), after.reason(),
                after.comment(), after.expiresAt(), before.state(), before.version());
        if (before.state() != after.state() && sameState.equals(before)) {
            return after.state() == RuleState.Enabled ? Action.ENABLED : Action.DISABLED;
        }
        return Action.UPDATED;
    }

    private Uni<SuppressionRule> changed(SuppressionRule rule, Action action, RuleSnapshot before, RuleSnapshot after,
            Actor actor, Instant now) {
        return audits.persist(SuppressionRuleAudit.of(rule, action, before, after, actor.name(), now))
                .chain(() -> alertService.raise(changeAlert(rule, action, before, after, actor, now)))
                .replaceWith(rule);
    }

    /** The informational alert that makes a rule change visible where responders look. */
    static Alert changeAlert(SuppressionRule rule, Action action, RuleSnapshot before, RuleSnapshot after,
            Actor actor, Instant now) {
        AlertType type = AlertType.VIGIL_SuppressionRuleChanged;
        RuleSnapshot shown = after != null ? after : before;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("actor", actor.name());
        facts.put("change", action.name());
        facts.put("ruleId", rule.id);
        facts.put("ruleName", shown.name());
        facts.put("alertType", shown.alertType());
        facts.put("conditions", conditionFacts(shown.conditions()));
        facts.put("reason", shown.reason().name());
        if (shown.comment() != null) {
            facts.put("comment", shown.comment());
        }
        facts.put("state", shown.state().name());
        facts.put("expiresAt", shown.expiresAt() == null ? "never" : shown.expiresAt().toString());
        if (before != null && after != null) {
            facts.put("previousConditions", conditionFacts(before.conditions()));
            facts.put("previousAlertType", before.alertType());
            facts.put("previousState", before.state().name());
        }
        String summary = actor.name() + " " + verb(action) + " suppression rule '" + shown.name() + "' ("
                + shown.reason() + "), which dismisses new " + ("*".equals(shown.alertType()) ? "alerts of every type"
                        : shown.alertType() + " alerts")
                + (shown.conditions().isEmpty() ? "" : " where " + describe(shown.conditions()))
                + (shown.expiresAt() == null ? ", with no expiry." : ", until " + shown.expiresAt() + ".");

        Alert alert = new Alert();
        String key = String.join("|", rule.subscriptionId, type.name(), rule.id);
        alert.id = DeterministicId.of(key, action.name(), String.valueOf(rule.version), now.toString());
        alert.version = 1;
        alert.subscriptionId = rule.subscriptionId;
        alert.alertType = type;
        alert.displayName = type.displayName();
        alert.description = Playbook.description(type);
        alert.severity = type.severity();
        alert.status = AlertStatus.ACTIVE;
        alert.source = Source.VIGIL;
        // the resource that changed is the rule, not a vault: the vault fields name it so lists and mails show it
        alert.vaultId = "vigil:suppression-rule:" + rule.id;
        alert.vaultName = "suppression rule " + shown.name();
        alert.firstSeen = now;
        alert.lastSeen = now;
        alert.detectionCount = 1;
        alert.details = new AlertDetails(type.tactics(), type.techniques(),
                new Principal(PrincipalType.USER, actor.subject(), actor.name(), null, null),
                new AccessEvent.Client(actor.ip(), actor.userAgent()), IpEnrichment.none(), List.of(),
                new Evidence(summary, facts), Playbook.remediation(type));
        alert.correlationKey = key;
        alert.createdAt = now;
        alert.updatedAt = now;
        return alert;
    }

    private static List<Map<String, Object>> conditionFacts(List<RuleConditions.Condition> conditions) {
        return conditions.stream().map(c -> c.in() != null
                ? Map.<String, Object>of("field", c.field(), "in", c.in())
                : Map.<String, Object>of("field", c.field(), "contains", c.contains())).toList();
    }

    private static String describe(List<RuleConditions.Condition> conditions) {
        return conditions.stream().map(c -> c.in() != null ? c.field() + " in " + c.in()
                : c.field() + " contains \"" + c.contains() + "\"").collect(Collectors.joining(" and "));
    }

    private static String verb(Action action) {
        return switch (action) {
            case CREATED -> "created";
            case UPDATED -> "changed";
            case DELETED -> "deleted";
            case ENABLED -> "enabled";
            case DISABLED -> "disabled";
        };
    }

    public static ProblemException notFound(String subscriptionId, String id) {
        return new ProblemException(404, "rule-not-found", "Suppression rule not found",
                "No suppression rule '" + id + "' in subscription '" + subscriptionId + "'");
    }
}
