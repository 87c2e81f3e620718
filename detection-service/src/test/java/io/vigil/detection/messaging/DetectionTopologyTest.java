package io.vigil.detection.messaging;

import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.BOB;
import static io.vigil.detection.TestEvents.KV_DEV;
import static io.vigil.detection.TestEvents.MALLORY;
import static io.vigil.detection.TestEvents.PAYMENTS;
import static io.vigil.detection.TestEvents.by;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.vigil.detection.Harness;
import io.vigil.detection.NormalTraffic;
import io.vigil.detection.TestEvents;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import io.vigil.events.Usage;

/** The topology's own duties: keys, duplicates, lateness, bursts, exceptions, ageing and usage. */
class DetectionTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");
    private static final Instant AFTER_LEARNING = NormalTraffic.START.plus(Duration.ofDays(14))
            .plus(Duration.ofHours(10));

    @Test
    void torAccessRaisesADetectionKeyedByCorrelationKeyThatNamesCallerVaultSecretAndIp() {
        try (Harness harness = new Harness()) {
            AccessEvent event = TestEvents.secretRead("185.220.101.45", TestEvents.tor(), Outcome.SUCCESS, T0);
            harness.send(event);

            List<KeyValue<String, Detection>> out = harness.records();
            assertThat(out).hasSize(1);
            Detection detection = out.get(0).value;
            assertThat(out.get(0).key).isEqualTo(detection.correlationKey())
                    .isEqualTo("sub-a|KV_TORAccess|" + TestEvents.KV_PROD.id() + "|oid-mallory");
            assertThat(detection.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(detection.principal().upn()).isEqualTo("mallory@contoso.com");
            assertThat(detection.objects()).singleElement().satisfies(o -> {
                assertThat(o.name()).isEqualTo("db-password");
                assertThat(o.time()).isEqualTo(T0);
            });
            assertThat(detection.evidence().summary())
                    .contains("mallory@contoso.com", "kv-prod", "185.220.101.45", "Tor exit node");
            assertThat(detection.eventIds()).containsExactly(event.eventId());
        }
    }

    /**
     * A task's stream time is the newest record time of every partition it reads. The vault stage drops events more
     * than the grace behind it, so no task of the vault stage may read the principal repartition topic too: fed by
     * every vault partition, it runs ahead whenever one of them does (a replay, a catch-up) and would make the vault
     * partition's own events late.
     */
    @Test
    void theVaultStageReadsOnlyTheAccessEventsTopic() {
        TopologyDescription topology = new DetectionTopology(new DetectionEngine(Harness.config(Map.of())),
                Harness.MAPPER, new SimpleMeterRegistry()).topology().describe();

        Set<String> vaultStageSources = topology.subtopologies().stream()
                .map(TopologyDescription.Subtopology::nodes)
                .filter(nodes -> nodes.stream().anyMatch(node -> node.name().equals("dedupe-and-grace")))
                .flatMap(Set::stream)
                .filter(TopologyDescription.Source.class::isInstance)
                .flatMap(source -> ((TopologyDescription.Source) source).topicSet().stream())
                .collect(Collectors.toSet());
        assertThat(vaultStageSources).containsExactly(Topics.ACCESS_EVENTS);
    }

    @Test
    void aRedeliveredEventIsAnalysedOnce() {
        try (Harness harness = new Harness()) {
            AccessEvent event = TestEvents.secretRead("185.220.101.45", TestEvents.tor(), Outcome.SUCCESS, T0);
            harness.send(event).send(event);
            assertThat(harness.detections()).hasSize(1);
            assertThat(harness.counter("vigil.detection.events.dropped", "reason", "duplicate")).isEqualTo(1);
        }
    }

    @Test
    void theSameClientChosenEventIdInAnotherSubscriptionIsNotADuplicate() {
        try (Harness harness = new Harness()) {
            AccessEvent mine = TestEvents.secretRead("185.220.101.45", TestEvents.tor(), Outcome.SUCCESS, T0);
            AccessEvent theirs = new AccessEvent(mine.eventId(), mine.schemaVersion(), "sub-b", mine.source(),
                    mine.vault(), mine.time(), mine.receivedAt(), mine.operation(), mine.object(), mine.result(),
                    mine.principal(), mine.client(), mine.correlationId(), mine.ip());
            harness.send(mine).send(theirs);
            assertThat(harness.detections()).extracting(Detection::subscriptionId)
                    .containsExactlyInAnyOrder("sub-a", "sub-b");
            assertThat(harness.counter("vigil.detection.events.dropped", "reason", "duplicate")).isZero();
        }
    }

    @Test
    void eventsLaterThanTheGraceAreDroppedAndThoseWithinItAnalysed() {
        try (Harness harness = new Harness()) {
            harness.send(by(PAYMENTS).at(T0.plus(Duration.ofHours(1))));
            harness.send(by(MALLORY).from("185.220.101.45", TestEvents.tor()).reads("too-late")
                    .at(T0.plus(Duration.ofMinutes(40))));
            harness.send(by(MALLORY).from("185.220.101.45", TestEvents.tor()).reads("in-time")
                    .at(T0.plus(Duration.ofMinutes(50))));
            assertThat(harness.detections()).singleElement()
                    .satisfies(d -> assertThat(d.objects().get(0).name()).isEqualTo("in-time"));
            assertThat(harness.counter("vigil.detection.events.dropped", "reason", "late")).isEqualTo(1);
        }
    }

    @Test
    void aBurstRaisesOneDetectionPerCorrelationKeyThenOneUpdateWithTheTotals() {
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(14));
            for (int i = 0; i < 300; i++) {
                harness.send(by(ALICE).from(NormalTraffic.ALICE_IP).reads("secret-" + i)
                        .at(AFTER_LEARNING.plusSeconds(i)));
            }
            List<Detection> duringBurst = harness.detections(AlertType.KV_OperationVolumeAnomaly);
            assertThat(duringBurst).hasSize(2)
                    .extracting(Detection::correlationKey).containsExactlyInAnyOrder(
                            "sub-a|KV_OperationVolumeAnomaly|" + TestEvents.KV_PROD.id() + "|*",
                            "sub-a|KV_OperationVolumeAnomaly|*|oid-alice");
            Detection perPrincipal = duringBurst.stream().filter(d -> d.correlationKey().endsWith("oid-alice"))
                    .findFirst().orElseThrow();
            assertThat(perPrincipal.evidence().summary()).contains("alice@contoso.com", "operations",
                    "against a typical");
            assertThat(perPrincipal.evidence().facts()).containsKeys("operationsThisHour", "hourlyMean", "bound");

            // the cooldown ends in event time: any later event moves stream time past it
            harness.send(by(PAYMENTS).from("10.1.0.4", TestEvents.privateIp())
                    .at(AFTER_LEARNING.plus(Duration.ofHours(2))));
            List<Detection> all = harness.detections(AlertType.KV_OperationVolumeAnomaly);
            assertThat(all).hasSize(4);
            Detection update = all.stream().filter(d -> d.correlationKey().endsWith("oid-alice"))
                    .filter(d -> !d.detectionId().equals(perPrincipal.detectionId())).findFirst().orElseThrow();
            assertThat(update.firstSeen()).isEqualTo(perPrincipal.firstSeen());
            assertThat(update.lastSeen()).isEqualTo(AFTER_LEARNING.plusSeconds(299));
            assertThat(update.objects()).hasSize(50);
            assertThat(update.objectCount()).isGreaterThan(150);
            assertThat(update.evidence().summary()).contains("more matching events");
        }
    }

    @Test
    void summaryOfAnUnusualUserNamesTheBaseline() {
        try (Harness harness = new Harness()) {
            harness.send(NormalTraffic.days(21)).send(by(MALLORY).reads("db-password").at(AFTER_LEARNING
                    .plus(Duration.ofDays(7))));
            assertThat(harness.detections(AlertType.KV_UserAnomaly)).singleElement().satisfies(d -> {
                assertThat(d.evidence().summary()).isEqualTo("User mallory@contoso.com read secret db-password in "
                        + "vault kv-prod but has never accessed it in 21 days of history; 2 other users have.");
                assertThat(d.evidence().facts()).containsEntry("knownUsers", 2);
            });
        }
    }

    @Test
    void aWildcardExceptionOnAnApplicationSilencesEveryType() {
        try (Harness harness = new Harness()) {
            harness.except("resource-graph", List.of("*"), "principal.appId", "app-cli");
            harness.send(NormalTraffic.days(14));
            harness.send(by(MALLORY).from("185.220.101.45", TestEvents.tor()).at(AFTER_LEARNING));
            harness.send(by(BOB).from("185.220.101.45", TestEvents.tor()).at(AFTER_LEARNING.plusSeconds(1)));
            assertThat(harness.detections()).singleElement()
                    .satisfies(d -> assertThat(d.principal().upn()).isEqualTo("bob@contoso.com"));
            assertThat(harness.counter("vigil.detection.detections", "type", "KV_TORAccess", "outcome", "excepted"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aUserUnseenForLongerThanTheEntryTtlIsNewAgain() {
        try (Harness harness = new Harness(Map.of("entry-ttl", "P20D"))) {
            harness.send(NormalTraffic.days(14));
            // bob stops; everyone else goes on for three weeks
            harness.send(NormalTraffic.days(35).stream().filter(e -> e.time().isAfter(AFTER_LEARNING))
                    .filter(e -> !"oid-bob".equals(e.principal().objectId())).toList());
            harness.send(by(BOB).from(NormalTraffic.BOB_IP).reads("report-key").at(AFTER_LEARNING
                    .plus(Duration.ofDays(22))));
            assertThat(harness.detections(AlertType.KV_UserAnomaly)).singleElement()
                    .satisfies(d -> assertThat(d.principal().upn()).isEqualTo("bob@contoso.com"));
        }
    }

    @Test
    void hourlyUsageIsPublishedPerSubscriptionOnceTheHourIsClosed() {
        try (Harness harness = new Harness()) {
            List<AccessEvent> day = NormalTraffic.days(1);
            harness.send(day);
            // closes every hour of the day: stream time passes its end plus the usage grace (a day)
            harness.send(by(PAYMENTS).on(KV_DEV).at(NormalTraffic.START.plus(Duration.ofHours(49))));

            List<Usage> usage = harness.usage();
            assertThat(usage).hasSize(24);
            assertThat(usage).allSatisfy(u -> assertThat(u.subscriptionId()).isEqualTo("sub-a"));
            assertThat(usage.stream().mapToLong(Usage::transactions).sum()).isEqualTo(day.size());
            Usage tenOClock = usage.stream().filter(u -> u.hourStart().equals(NormalTraffic.START
                    .plus(Duration.ofHours(10)))).findFirst().orElseThrow();
            assertThat(tenOClock.transactions()).isEqualTo(4 + 2 + 1);
        }
    }
}
