package io.vigil.alert.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.vigil.common.net.IpRange;
import io.vigil.common.rest.Problem.Violation;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AlertType;

/**
 * Checks a rule definition and normalises it (trimmed values, default state). Refuses what Alertmanager refuses: a
 * rule that matches everything, and conditions that cannot narrow anything, because such a rule silently dismisses
 * every alert of the subscription.
 */
public final class RuleValidator {

    /** Defender portal's rule names: 2–50 characters, a letter or digit first, {@code -} and {@code _} only. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,49}");
    static final int MAX_CONDITIONS = 20;
    static final int MAX_VALUES = 100;
    static final int MAX_VALUE_LENGTH = 1024;
    static final int MAX_COMMENT = 4000;

    /** A draft (simulate) may leave out name and reason; an update may keep an expiry that has passed meanwhile. */
    public enum Mode {
        CREATE, UPDATE, DRAFT
    }

    private RuleValidator() {
    }

    /**
     * @param previousExpiry the stored expiry on an update (keeping it unchanged is never an error)
     * @param maxDuration when set, a rule must expire within this time of its creation or last expiry change
     * @throws ProblemException 422 naming every invalid field
     */
    public static RuleDefinition validate(RuleDefinition rule, Instant now, Mode mode, Instant previousExpiry,
            Duration maxDuration) {
        boolean draft = mode == Mode.DRAFT;
        if (rule == null) {
            throw new ProblemException(400, "invalid-suppression-rule", "Invalid suppression rule",
                    "The body must be a suppression rule");
        }
        List<Violation> errors = new ArrayList<>();
        if (rule.name() == null) {
            if (!draft) {
                errors.add(new Violation("name", "required"));
            }
        } else if (!NAME.matcher(rule.name()).matches()) {
            errors.add(new Violation("name", "2–50 characters, starting with a letter or digit; letters, digits, "
                    + "'-' and '_' only"));
        }
        if (rule.alertType() == null || rule.alertType().isBlank()) {
            errors.add(new Violation("alertType", "required: an alert type or '*' for all types"));
        } else if (!SuppressionRule.ANY_TYPE.equals(rule.alertType())) {
            Optional<AlertType> type = alertType(rule.alertType());
            if (type.isEmpty()) {
                errors.add(new Violation("alertType", "unknown alert type '" + rule.alertType() + "'"));
            } else if (type.get().vigilInternal()) {
                errors.add(new Violation("alertType", "Vigil's own alerts cannot be suppressed"));
            }
        }
        List<RuleConditions.Condition> conditions = conditions(rule.conditions(), errors);
        if (rule.reason() == null && !draft) {
            errors.add(new Violation("reason", "required"));
        }
        boolean noComment = rule.comment() == null || rule.comment().isBlank();
        if (rule.reason() == SuppressionReason.Other && noComment) {
            errors.add(new Violation("comment", "required when the reason is Other"));
        }
        if (!noComment && rule.comment().length() > MAX_COMMENT) {
            errors.add(new Violation("comment", "longer than " + MAX_COMMENT + " characters"));
        }
        boolean expiryChanged = mode != Mode.UPDATE || !java.util.Objects.equals(rule.expiresAt(), previousExpiry);
        if (rule.expiresAt() != null && !rule.expiresAt().isAfter(now) && expiryChanged) {
            errors.add(new Violation("expiresAt", "must be in the future; disable or delete a rule to end it now"));
        } else if (maxDuration != null && !draft && expiryChanged
                && (rule.expiresAt() == null || rule.expiresAt().isAfter(now.plus(maxDuration)))) {
            // forced review: a forgotten rule would otherwise hide alerts for ever
            errors.add(new Violation("expiresAt", "required, at most " + maxDuration + " from now"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "invalid-suppression-rule", "Invalid suppression rule",
                    "The rule has " + errors.size() + " invalid field(s): " + errors.get(0).location() + " "
                            + errors.get(0).message(), errors, null);
        }
        if (SuppressionRule.ANY_TYPE.equals(rule.alertType()) && conditions.isEmpty()) {
            throw new ProblemException(422, "rule-matches-everything", "Rule matches everything",
                    "A rule for every alert type ('*') needs at least one condition that narrows it",
                    List.of(new Violation("conditions", "at least one condition is required when alertType is '*'")),
                    null);
        }
        return new RuleDefinition(rule.name(), rule.alertType(), conditions, rule.reason(),
                noComment ? null : rule.comment().strip(), rule.expiresAt(),
                rule.state() == null ? RuleState.Enabled : rule.state());
    }

    private static List<RuleConditions.Condition> conditions(List<RuleConditions.Condition> given,
            List<Violation> errors) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_CONDITIONS) {
            errors.add(new Violation("conditions", "at most " + MAX_CONDITIONS + " conditions"));
            return List.of();
        }
        List<RuleConditions.Condition> normalised = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            RuleConditions.Condition condition = given.get(i);
            String at = "conditions[" + i + "]";
            if (condition == null) {
                errors.add(new Violation(at, "must be an object {field, in} or {field, contains}"));
                continue;
            }
            Optional<EntityField> field = Optional.ofNullable(condition.field()).flatMap(EntityField::byPath);
            if (field.isEmpty()) {
                errors.add(new Violation(at + ".field", "one of " + EntityField.paths()));
            }
            if ((condition.in() == null) == (condition.contains() == null)) {
                errors.add(new Violation(at, "exactly one of 'in' and 'contains'"));
                continue;
            }
            if (condition.contains() != null) {
                if (condition.contains().isBlank()) {
                    errors.add(new Violation(at + ".contains", "an empty text is contained in everything and "
                            + "narrows nothing"));
                } else if (condition.contains().length() > MAX_VALUE_LENGTH) {
                    errors.add(new Violation(at + ".contains", "longer than " + MAX_VALUE_LENGTH + " characters"));
                } else {
                    normalised.add(RuleConditions.Condition.contains(condition.field(), condition.contains().strip()));
                }
                continue;
            }
            normalised.add(new RuleConditions.Condition(condition.field(),
                    values(condition.in(), at + ".in", field.orElse(null), errors), null));
        }
        return List.copyOf(normalised);
    }

    private static List<String> values(List<String> in, String at, EntityField field, List<Violation> errors) {
        if (in.isEmpty() || in.size() > MAX_VALUES) {
            errors.add(new Violation(at, "between 1 and " + MAX_VALUES + " values"));
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int j = 0; j < in.size(); j++) {
            String value = in.get(j);
            String where = at + "[" + j + "]";
            if (value == null || value.isBlank()) {
                errors.add(new Violation(where, "must not be empty"));
            } else if (value.length() > MAX_VALUE_LENGTH) {
                errors.add(new Violation(where, "longer than " + MAX_VALUE_LENGTH + " characters"));
            } else if (field == EntityField.IP_ADDRESS && IpRange.parse(value).isEmpty()) {
                errors.add(new Violation(where, "not an IP address or CIDR range"));
            } else if (field == EntityField.IP_ADDRESS && IpRange.parse(value).get().coversEverything()) {
                errors.add(new Violation(where, "a /0 range covers every address and narrows nothing"));
            } else {
                values.add(value.strip());
            }
        }
        return List.copyOf(values);
    }

    private static Optional<AlertType> alertType(String name) {
        try {
            return Optional.of(AlertType.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
