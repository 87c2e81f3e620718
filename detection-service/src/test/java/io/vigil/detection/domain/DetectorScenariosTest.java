package io.vigil.detection.domain;

import static io.vigil.detection.NormalTraffic.ALICE_IP;
import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.BOB;
import static io.vigil.detection.TestEvents.KV_PROD;
import static io.vigil.detection.TestEvents.MALLORY;
import static io.vigil.detection.TestEvents.by;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.vigil.detection.Harness;
import io.vigil.detection.NormalTraffic;
import io.vigil.detection.TestEvents;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;

/**
 * Every alert type against its attack, after two weeks of normal traffic: it fires; it stays silent while the
 * vault (or principal) is still learning; it stays silent when the subscription excepts the attacker. A separate
 * test runs three weeks of normal traffic and expects nothing at all.
 */
class DetectorScenariosTest {

    /** After the learning period, mid-morning of a working day. */
    private static final Instant ATTACK = NormalTraffic.START.plus(Duration.ofDays(14)).plus(Duration.ofHours(10))
            .plus(Duration.ofMinutes(5));
    private static final int NORMAL_DAYS = 14;
    private static final Principal ROGUE_APP = new Principal(PrincipalType.APPLICATION, "oid-rogue", null,
            "app-rogue", "rogue-sync");

    enum Attack {
        TOR(AlertType.KV_TORAccess, false, ALICE, t -> List.of(
                by(ALICE).from("185.220.101.45", TestEvents.tor()).at(t))),
        THREAT_LISTED(AlertType.KV_SuspiciousIPAccess, false, ALICE, t -> List.of(
                by(ALICE).from("50.16.16.211", TestEvents.threatListed()).at(t))),
        THREAT_LISTED_DENIED(AlertType.KV_SuspiciousIPAccessDenied, false, MALLORY, t -> List.of(
                by(MALLORY).from("50.16.16.211", TestEvents.threatListed()).denied().at(t))),
        NEW_USER(AlertType.KV_UserAnomaly, true, MALLORY, t -> List.of(
                by(MALLORY).reads("db-password").at(t), by(MALLORY).reads("api-key").at(t.plusSeconds(30)))),
        NEW_APP(AlertType.KV_AppAnomaly, true, ROGUE_APP, t -> List.of(
                by(ROGUE_APP).reads("db-password").at(t))),
        NEW_USER_APP_PAIR(AlertType.KV_UserAppAnomaly, true, ALICE, t -> List.of(
                by(new Principal(PrincipalType.USER, "oid-alice", "alice@contoso.com", "app-powershell", null))
                        .from(ALICE_IP).reads("api-key").at(t))),
        DENIED_STRANGER(AlertType.KV_UserAccessDeniedAnomaly, true, MALLORY, t -> List.of(
                by(MALLORY).reads("db-password").denied().at(t))),
        NEW_OPERATION_KIND(AlertType.KV_OperationPatternAnomaly, true, BOB, t -> List.of(
                by(BOB).from(NormalTraffic.BOB_IP).purges("report-key").at(t))),
        VOLUME(AlertType.KV_OperationVolumeAnomaly, true, ALICE, t -> burst(300, i -> by(ALICE).from(ALICE_IP)
                .reads("secret-" + i).at(t.plusSeconds(i)))),
        LIST_THEN_GET(AlertType.KV_ListGetAnomaly, true, ALICE, t -> concat(
                List.of(by(ALICE).from(ALICE_IP).lists().at(t)),
                burst(5, i -> by(ALICE).from(ALICE_IP).reads("secret-" + i).at(t.plusSeconds(20 + i))))),
        POLICY_CHANGE_THEN_GET(AlertType.KV_PutGetAnomaly, true, ALICE, t -> List.of(
                by(ALICE).from(ALICE_IP).changesPolicy().at(t),
                by(ALICE).from(ALICE_IP).reads("db-password").at(t.plusSeconds(60)))),
        MANY_VAULTS(AlertType.KV_AccountVolumeAnomaly, true, ALICE, t -> burst(10, i -> by(ALICE).from(ALICE_IP)
                .on(TestEvents.vault("kv-" + i)).reads("s").at(t.plusSeconds(60L * i)))),
        MANY_VAULTS_DENIED(AlertType.KV_AccountVolumeAccessDeniedAnomaly, true, ALICE, t -> burst(6,
                i -> by(ALICE).from(ALICE_IP).on(TestEvents.vault("kv-" + i)).reads("s").denied()
                        .at(t.plusSeconds(60L * i)))),
        NEW_EXTERNAL_NETWORK(AlertType.KV_UnusualAccessSuspiciousIP, true, ALICE, t -> List.of(
                by(ALICE).from("91.198.174.192").reads("api-key").at(t)));

        final AlertType type;
        final boolean learns;
        final Principal attacker;
        final Function<Instant, List<AccessEvent>> events;

        Attack(AlertType type, boolean learns, Principal attacker, Function<Instant, List<AccessEvent>> events) {
            this.type = type;
            this.learns = learns;
            this.attacker = attacker;
            this.events = events;
        }
    }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void firesOnItsAttackWithEvidence(Attack attack) {
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(NORMAL_DAYS)).send(attack.events.apply(ATTACK));

            List<Detection> fired = harness.detections(attack.type);
            assertThat(fired).as("%s detections", attack.type).isNotEmpty();
            Detection detection = fired.get(0);
            assertThat(detection.severity()).isEqualTo(attack.type.severity());
            assertThat(detection.tactics()).isEqualTo(attack.type.tactics());
            assertThat(detection.techniques()).containsExactly("T1555.006");
            assertThat(detection.correlationKey()).startsWith("sub-a|" + attack.type.name() + "|");
            assertThat(detection.evidence().summary()).isNotBlank().endsWith(".");
            assertThat(detection.evidence().facts()).isNotEmpty();
            assertThat(detection.eventIds()).isNotEmpty();
            assertThat(detection.objectCount()).isGreaterThanOrEqualTo(detection.objects().size());
        }
    }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void silentWhileLearning(Attack attack) {
        if (!attack.learns) {
            return;
        }
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(2))
                    .send(attack.events.apply(ATTACK.minus(Duration.ofDays(NORMAL_DAYS - 2))));
            assertThat(harness.detections(attack.type)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void silentForAnExceptedPrincipal(Attack attack) {
        try (Harness harness = new Harness()) {
            harness.except("known-automation", List.of(attack.type.name()), "principal.objectId",
                    attack.attacker.objectId());
            harness.send(NormalTraffic.days(NORMAL_DAYS)).send(attack.events.apply(ATTACK));
            assertThat(harness.detections(attack.type)).isEmpty();
        }
    }

    @Test
    void threeWeeksOfNormalTrafficRaiseNothing() {
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(21));
            assertThat(harness.detections()).isEmpty();
        }
    }

    private static List<AccessEvent> burst(int count, Function<Integer, AccessEvent> event) {
        List<AccessEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event.apply(i));
        }
        return events;
    }

    private static List<AccessEvent> concat(List<AccessEvent> first, List<AccessEvent> second) {
        List<AccessEvent> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
