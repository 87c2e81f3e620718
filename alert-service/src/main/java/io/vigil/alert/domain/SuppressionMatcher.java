package io.vigil.alert.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import io.vigil.common.net.IpRange;

/**
 * Decides whether an alert matches a rule: its type is the rule's (or the rule says {@code *}) and every condition
 * holds. Comparisons ignore case, as vault names, UPNs and object ids do. Built once per rule so that simulating
 * over many alerts parses the CIDR ranges once.
 */
public final class SuppressionMatcher {

    private final String alertType;
    private final List<Predicate<Alert>> conditions;

    private SuppressionMatcher(String alertType, List<Predicate<Alert>> conditions) {
        this.alertType = alertType;
        this.conditions = conditions;
    }

    /** For a rule that passed {@link RuleValidator}: unknown fields or bad ranges fail here. */
    public static SuppressionMatcher of(String alertType, RuleConditions conditions) {
        List<Predicate<Alert>> predicates = new ArrayList<>();
        for (RuleConditions.Condition condition : conditions.allOf()) {
            predicates.add(predicate(condition));
        }
        return new SuppressionMatcher(alertType, List.copyOf(predicates));
    }

    public static SuppressionMatcher of(SuppressionRule rule) {
        return of(rule.alertType, rule.conditions);
    }

    public boolean matches(Alert alert) {
        // Vigil's own alerts (a rule changed) report on the rules themselves; a rule must not hide them
        if (alert.alertType == null || alert.alertType.vigilInternal()) {
            return false;
        }
        if (!SuppressionRule.ANY_TYPE.equals(alertType) && !alert.alertType.name().equals(alertType)) {
            return false;
        }
        for (Predicate<Alert> condition : conditions) {
            if (!condition.test(alert)) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<Alert> predicate(RuleConditions.Condition condition) {
        EntityField field = EntityField.byPath(condition.field())
                .orElseThrow(() -> new IllegalArgumentException("unknown field " + condition.field()));
        if (condition.contains() != null) {
            String part = condition.contains().toLowerCase(Locale.ROOT);
            return alert -> field.valuesOf(alert).stream()
                    .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(part));
        }
        if (field == EntityField.IP_ADDRESS) {
            List<IpRange> ranges = condition.in().stream()
                    .map(v -> IpRange.parse(v).orElseThrow(() -> new IllegalArgumentException("bad range " + v)))
                    .toList();
            return alert -> field.valuesOf(alert).stream()
                    .anyMatch(ip -> ranges.stream().anyMatch(range -> range.contains(ip)));
        }
        List<String> accepted = condition.in().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        return alert -> field.valuesOf(alert).stream()
                .anyMatch(value -> accepted.contains(value.toLowerCase(Locale.ROOT)));
    }
}
