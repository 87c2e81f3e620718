package io.vigil.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.vigil.alert.domain.RuleValidator.Mode.CREATE;
import static io.vigil.alert.domain.RuleValidator.Mode.UPDATE;

import io.vigil.alert.domain.RuleConditions.Condition;
import io.vigil.common.net.IpRange;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;

class SuppressionMatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void allConditionsMustHoldAndTheTypeMustFit() {
        Alert alert = alert(AlertType.KV_TORAccess, "Mallory@Contoso.com", "185.220.101.45", "db-password");
        assertThat(matcher("KV_TORAccess", Condition.in("principal.upn", "mallory@contoso.com")).matches(alert))
                .isTrue();
        assertThat(matcher("*", Condition.in("principal.upn", "mallory@contoso.com"),
                Condition.contains("vault.name", "PROD")).matches(alert)).isTrue();
        assertThat(matcher("*", Condition.in("principal.upn", "mallory@contoso.com"),
                Condition.contains("vault.name", "test")).matches(alert)).isFalse();
        assertThat(matcher("KV_AppAnomaly", Condition.in("principal.upn", "mallory@contoso.com")).matches(alert))
                .isFalse();
        assertThat(matcher("KV_TORAccess").matches(alert)).isTrue();
    }

    @Test
    void objectNameMatchesAnyAccessedObject() {
        Alert alert = alert(AlertType.KV_TORAccess, "a@b.c", "10.0.0.1", "api-key", "db-password");
        assertThat(matcher("*", Condition.in("object.name", "db-password")).matches(alert)).isTrue();
        assertThat(matcher("*", Condition.contains("object.name", "api")).matches(alert)).isTrue();
        assertThat(matcher("*", Condition.in("object.name", "other")).matches(alert)).isFalse();
    }

    @Test
    void ipConditionsTakeAddressesAndCidrRangesOfBothFamilies() {
        Alert v4 = alert(AlertType.KV_TORAccess, "a@b.c", "185.220.101.45", "s");
        assertThat(matcher("*", Condition.in("ip.address", "185.220.100.0/22")).matches(v4)).isTrue();
        assertThat(matcher("*", Condition.in("ip.address", "185.220.101.44/31")).matches(v4)).isTrue();
        assertThat(matcher("*", Condition.in("ip.address", "185.220.101.46/31")).matches(v4)).isFalse();
        assertThat(matcher("*", Condition.in("ip.address", "185.220.101.45")).matches(v4)).isTrue();
        assertThat(matcher("*", Condition.in("ip.address", "10.0.0.0/8", "2001:db8::/32")).matches(v4)).isFalse();
        Alert v6 = alert(AlertType.KV_TORAccess, "a@b.c", "2001:db8:0:1::7", "s");
        assertThat(matcher("*", Condition.in("ip.address", "2001:db8::/32")).matches(v6)).isTrue();
        assertThat(matcher("*", Condition.in("ip.address", "185.220.0.0/16")).matches(v6)).isFalse();
        Alert mapped = alert(AlertType.KV_TORAccess, "a@b.c", "::ffff:185.220.101.45", "s");
        assertThat(matcher("*", Condition.in("ip.address", "185.220.101.0/24")).matches(mapped)).isTrue();
    }

    @Test
    void aMissingEntityNeverMatches() {
        Alert app = alert(AlertType.KV_AppAnomaly, null, null, "s");
        assertThat(matcher("*", Condition.contains("principal.upn", "a")).matches(app)).isFalse();
        assertThat(matcher("*", Condition.in("ip.address", "0.0.0.0/1", "128.0.0.0/1")).matches(app)).isFalse();
    }

    @Test
    void vigilsOwnAlertsAreNeverSuppressed() {
        Alert own = alert(AlertType.VIGIL_SuppressionRuleChanged, "admin@contoso.com", "10.0.0.1", "s");
        assertThat(matcher("*", Condition.in("principal.upn", "admin@contoso.com")).matches(own)).isFalse();
    }

    @Test
    void hostNamesAreNotAddresses() {
        assertThat(IpRange.parse("localhost")).isEmpty();
        assertThat(IpRange.parse("256.1.1.1")).isEmpty();
        assertThat(IpRange.parse("10.0.0.0/33")).isEmpty();
        assertThat(IpRange.parse("fe80::1%eth0")).isEmpty();
        assertThat(IpRange.parse("10.1.2.3/8").orElseThrow().contains("10.200.0.1")).isTrue();
    }

    @Test
    void validationNamesEveryBadField() {
        RuleDefinition bad = new RuleDefinition("-bad", "KV_Nope",
                List.of(Condition.in("principal.mail", "x"), new Condition("vault.name", List.of("a"), "b"),
                        Condition.in("ip.address", "not-an-ip"), Condition.in("ip.address", "0.0.0.0/0")),
                SuppressionReason.Other, " ", NOW.minusSeconds(1), null);
        assertThatThrownBy(() -> RuleValidator.validate(bad, NOW, CREATE, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.toProblem("/").errors()).extracting(v -> v.location()).containsExactly("name",
                            "alertType", "conditions[0].field", "conditions[1]", "conditions[2].in[0]",
                            "conditions[3].in[0]", "comment", "expiresAt");
                });
    }

    @Test
    void aRuleThatMatchesEverythingIsRefused() {
        assertThatThrownBy(() -> RuleValidator.validate(definition("*"), NOW, CREATE, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.toProblem("/").type().toString()).endsWith("rule-matches-everything");
                });
        assertThatThrownBy(() -> RuleValidator.validate(definition("*", Condition.contains("vault.name", "")), NOW,
                CREATE, null, null)).isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.toProblem("/").errors().get(0).location())
                                .isEqualTo("conditions[0].contains"));
        // one alert type without conditions is Defender's "this type is too noisy here": narrow enough
        assertThat(RuleValidator.validate(definition("KV_TORAccess"), NOW, CREATE, null, null).alertType())
                .isEqualTo("KV_TORAccess");
        assertThatThrownBy(() -> RuleValidator.validate(definition("VIGIL_SuppressionRuleChanged",
                Condition.in("vault.name", "x")), NOW, CREATE, null, null))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.toProblem("/").errors().get(0).location()).isEqualTo("alertType"));
    }

    @Test
    void validRulesAreNormalised() {
        RuleDefinition valid = RuleValidator.validate(definition("KV_TORAccess",
                Condition.in("ip.address", " 10.0.0.0/8 ")), NOW, CREATE, null, null);
        assertThat(valid.state()).isEqualTo(RuleState.Enabled);
        assertThat(valid.conditions().get(0).in()).containsExactly("10.0.0.0/8");
        // an unchanged expiry that has passed meanwhile does not block an edit
        Instant past = NOW.minusSeconds(60);
        RuleDefinition expired = new RuleDefinition("r1", "KV_TORAccess", List.of(), SuppressionReason.Noise, null,
                past, RuleState.Disabled);
        assertThat(RuleValidator.validate(expired, NOW, UPDATE, past, null).expiresAt()).isEqualTo(past);
    }

    @Test
    void aConfiguredMaximumDurationForcesAnExpiry() {
        java.time.Duration week = java.time.Duration.ofDays(7);
        RuleDefinition forever = definition("KV_TORAccess");
        assertThatThrownBy(() -> RuleValidator.validate(forever, NOW, CREATE, null, week))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.toProblem("/").errors().get(0).location()).isEqualTo("expiresAt"));
        RuleDefinition tooLong = new RuleDefinition("r2", "KV_TORAccess", List.of(), SuppressionReason.Noise, null,
                NOW.plus(java.time.Duration.ofDays(8)), null);
        assertThatThrownBy(() -> RuleValidator.validate(tooLong, NOW, CREATE, null, week))
                .isInstanceOf(ProblemException.class);
        RuleDefinition withinWeek = new RuleDefinition("r2", "KV_TORAccess", List.of(), SuppressionReason.Noise, null,
                NOW.plus(java.time.Duration.ofDays(6)), null);
        assertThat(RuleValidator.validate(withinWeek, NOW, CREATE, null, week).expiresAt())
                .isEqualTo(withinWeek.expiresAt());
        // a rule kept from before the cap can still be edited without touching its expiry
        assertThat(RuleValidator.validate(forever, NOW, CREATE, null, null).expiresAt()).isNull();
    }

    private static RuleDefinition definition(String type, Condition... conditions) {
        return new RuleDefinition("rule-1", type, List.of(conditions), SuppressionReason.FalsePositive, null, null,
                null);
    }

    private static SuppressionMatcher matcher(String type, Condition... conditions) {
        return SuppressionMatcher.of(type, new RuleConditions(List.of(conditions)));
    }

    private static Alert alert(AlertType type, String upn, String ip, String... objects) {
        Alert alert = new Alert();
        alert.alertType = type;
        alert.vaultId = "/subscriptions/s/providers/microsoft.keyvault/vaults/kv-prod";
        alert.vaultName = "kv-prod";
        alert.details = new AlertDetails(List.of(), List.of(),
                new Principal(upn == null ? PrincipalType.APPLICATION : PrincipalType.USER, "oid-1", upn,
                        upn == null ? "app-1" : null, null),
                new AccessEvent.Client(ip, "curl"), IpEnrichment.none(),
                java.util.Arrays.stream(objects).map(o -> new AccessedObject("https://kv/secrets/" + o, o,
                        "SecretGet", NOW)).toList(),
                new Evidence("e", null), List.of());
        return alert;
    }
}
