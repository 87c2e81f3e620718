package io.vigil.detection.domain;

import static io.vigil.detection.NormalTraffic.ALICE_IP;
import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.KV_DEV;
import static io.vigil.detection.TestEvents.KV_PROD;
import static io.vigil.detection.TestEvents.by;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.detection.Harness;
import io.vigil.detection.NormalTraffic;
import io.vigil.detection.TestEvents;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;

/**
 * The baseline models the simulator's evaluation led to: sequences learned per principal and robust to log order,
 * client applications judged across the user's vaults, one account-volume detection per incident, count-aware bounds.
 */
class BaselineModelsTest {

    private static final Instant T = NormalTraffic.START.plus(Duration.ofDays(14)).plus(Duration.ofHours(10));

    @Test
    void aListingLoggedAfterTheReadsThatFollowedItStillCompletesTheSequence() {
        // the reorder buffer switched off: the detector's own tolerance of a listing logged after its reads
        try (Harness harness = new Harness(Map.of("reorder.max-events", "0"))) {
            harness.send(NormalTraffic.days(14));
            harness.send(by(ALICE).from(ALICE_IP).reads("db-password").at(T.plusSeconds(30)));
            harness.send(by(ALICE).from(ALICE_IP).reads("api-key").at(T.plusSeconds(45)));
            harness.send(by(ALICE).from(ALICE_IP).lists().at(T));

            assertThat(harness.detections(AlertType.KV_ListGetAnomaly)).singleElement().satisfies(d -> {
                assertThat(d.firstSeen()).isEqualTo(T);
                assertThat(d.evidence().summary()).contains("listed the secrets of vault kv-prod", "logged first");
            });
        }
    }

    @Test
    void aListingLoggedAfterItsReadsIsPutBackInItsPlaceByThePrincipalStage() {
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(14));
            harness.send(by(ALICE).from(ALICE_IP).reads("db-password").at(T.plusSeconds(30)));
            harness.send(by(ALICE).from(ALICE_IP).reads("api-key").at(T.plusSeconds(45)));
            harness.send(by(ALICE).from(ALICE_IP).lists().at(T));

            assertThat(harness.detections(AlertType.KV_ListGetAnomaly)).singleElement().satisfies(d -> {
                assertThat(d.firstSeen()).as("the first read after the listing").isEqualTo(T.plusSeconds(30));
                assertThat(d.evidence().summary()).contains("listed the secrets of vault kv-prod", "30 seconds later")
                        .doesNotContain("logged first");
            });
        }
    }

    @Test
    void aPrincipalThatBrowsesOneVaultIsNotUnusualBrowsingAnother() {
        try (Harness harness = new Harness()) {
            List<AccessEvent> history = new ArrayList<>(NormalTraffic.days(14));
            // alice lists kv-dev and reads right after, every working day
            for (int day = 0; day < 14; day++) {
                Instant t = NormalTraffic.START.plus(Duration.ofDays(day)).plus(Duration.ofHours(11));
                history.add(by(ALICE).from(ALICE_IP).on(KV_DEV).lists().at(t));
                history.add(by(ALICE).from(ALICE_IP).on(KV_DEV).reads("dev-key").at(t.plusSeconds(20)));
            }
            history.sort(java.util.Comparator.comparing(AccessEvent::time));
            harness.send(history);
            harness.send(by(ALICE).from(ALICE_IP).on(KV_PROD).lists().at(T));
            harness.send(by(ALICE).from(ALICE_IP).on(KV_PROD).reads("api-key").at(T.plusSeconds(20)));

            assertThat(harness.detections(AlertType.KV_ListGetAnomaly)).isEmpty();
        }
    }

    @Test
    void aUserOnAClientItUsesElsewhereIsRoutineAndOnAClientItNeverUsedIsNot() {
        Principal alicePortal = new Principal(PrincipalType.USER, "oid-alice", "alice@contoso.com", "app-portal",
                null);
        Principal aliceRogue = new Principal(PrincipalType.USER, "oid-alice", "alice@contoso.com", "app-rogue", null);
        try (Harness harness = new Harness()) {
            List<AccessEvent> history = new ArrayList<>(NormalTraffic.days(14));
            // alice also uses the portal, but only ever on kv-dev
            for (int day = 0; day < 14; day++) {
                history.add(by(alicePortal).from(ALICE_IP).on(KV_DEV).reads("dev-key")
                        .at(NormalTraffic.START.plus(Duration.ofDays(day)).plus(Duration.ofHours(15))));
            }
            history.sort(java.util.Comparator.comparing(AccessEvent::time));
            harness.send(history);
            harness.send(by(alicePortal).from(ALICE_IP).on(KV_PROD).reads("api-key").at(T));
            harness.send(by(aliceRogue).from(ALICE_IP).on(KV_PROD).reads("api-key").at(T.plusSeconds(60)));

            assertThat(harness.detections(AlertType.KV_UserAppAnomaly)).singleElement()
                    .satisfies(d -> assertThat(d.principal().appId()).isEqualTo("app-rogue"));
        }
    }

    @Test
    void anAccountVolumeIncidentIsRaisedOnceNotAgainForOrdinaryWorkTheSameDay() {
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(14));
            for (int i = 0; i < 10; i++) {
                harness.send(by(ALICE).from(ALICE_IP).on(TestEvents.vault("kv-" + i)).reads("s")
                        .at(T.plusSeconds(60L * i)));
            }
            // hours later, past the cooldown, alice goes on reading vaults the trailing day already counts
            harness.send(by(ALICE).from(ALICE_IP).on(TestEvents.vault("kv-3")).reads("s").at(T.plusSeconds(3 * 3600)));
            harness.send(by(ALICE).from(ALICE_IP).on(KV_PROD).reads("api-key").at(T.plusSeconds(4 * 3600)));

            // the first detection and its burst's update (the 9th and 10th vault), nothing after
            assertThat(harness.detections(AlertType.KV_AccountVolumeAnomaly))
                    .filteredOn(d -> !d.evidence().facts().containsKey("burstDetections")).hasSize(1);
            assertThat(harness.detections(AlertType.KV_AccountVolumeAnomaly)).allSatisfy(
                    d -> assertThat(d.firstSeen()).isBefore(T.plusSeconds(3600)));
        }
    }

    @Test
    void aSteadyCountIsGivenAtLeastPoissonSpread() {
        EwStats steady = EwStats.empty();
        for (int hour = 0; hour < 168; hour++) {
            steady = steady.add(12, 168);
        }
        assertThat(steady.stddev()).isLessThan(1e-6);
        assertThat(steady.countStddev()).isEqualTo(Math.sqrt(12), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(steady.bound(3, 1)).isGreaterThan(12 + 3 * 3.4);
    }

    @Test
    void stragglersOfAnHourAlreadyFoldedDoNotSwellTheCurrentHour() {
        long hour = 3_600_000L;
        HourlyVolume volume = HourlyVolume.empty();
        for (int i = 0; i < 10; i++) {
            volume = volume.plusOne(100 * hour + i, 168);
        }
        volume = volume.plusOne(103 * hour, 168);
        // a lagging partition catches up on hours 100 to 102 after hour 103 began
        for (int i = 0; i < 500; i++) {
            volume = volume.plusOne(100 * hour + i * 20_000L, 168);
        }
        assertThat(volume.hour()).isEqualTo(103);
        assertThat(volume.count()).isEqualTo(1);
    }
}
