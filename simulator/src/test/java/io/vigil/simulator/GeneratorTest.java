package io.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.OperationKind;
import io.vigil.ingest.format.AwsCloudTrailFormat;
import io.vigil.ingest.format.AzureKeyVaultFormat;
import io.vigil.ingest.format.HashiCorpVaultFormat;
import io.vigil.ingest.format.LogFormat;

/** The generator is a pure function of its spec: same seed, same events and labels, byte for byte. */
class GeneratorTest {

    private static final ScenarioSpec SMALL = new ScenarioSpec(42, 10, 8, 40, 1, 7, ScenarioSpec.DEFAULT_START);

    @Test
    void theSameSeedGeneratesTheSameEventsAndLabels() {
        assertThat(lines(SMALL)).isEqualTo(lines(SMALL));
        assertThat(new Scenario(SMALL).labels()).isEqualTo(new Scenario(SMALL).labels());
    }

    @Test
    void anotherSeedGeneratesOtherTraffic() {
        ScenarioSpec other = new ScenarioSpec(43, 10, 8, 40, 1, 7, ScenarioSpec.DEFAULT_START);
        assertThat(lines(other)).isNotEqualTo(lines(SMALL));
    }

    @Test
    void everyTypeIsAttackedAfterTheLearningPeriodAndItsEventsAreInTheStream() {
        Scenario scenario = new Scenario(SMALL);
        List<Attack> labels = scenario.labels();
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        labels.forEach(label -> types.add(label.type()));
        assertThat(types).hasSize(14).doesNotContain(AlertType.VIGIL_SuppressionRuleChanged);
        Instant learned = SMALL.day(SMALL.learningDays());
        assertThat(labels).allSatisfy(label -> {
            assertThat(label.start()).isAfter(learned);
            assertThat(label.end()).isBefore(SMALL.end());
            assertThat(label.eventIds()).isNotEmpty();
        });

        Set<String> attackIds = new HashSet<>();
        labels.forEach(label -> attackIds.addAll(label.eventIds()));
        Set<String> seen = new HashSet<>();
        Set<String> flagged = new HashSet<>();
        scenario.forEach(d -> {
            assertThat(seen.add(d.event().eventId())).as("unique event id").isTrue();
            if (d.attack()) {
                flagged.add(d.event().eventId());
            }
        });
        assertThat(flagged).isEqualTo(attackIds);
    }

    @Test
    void eventsArriveRoughlyInEventTimeOrderWithinTheDetectionGrace() {
        List<Scenario.Delivered> delivered = new ArrayList<>();
        new Scenario(SMALL).forEach(delivered::add);
        Instant newest = Instant.MIN;
        long late = 0;
        for (Scenario.Delivered d : delivered) {
            if (d.event().time().isBefore(newest)) {
                late++;
                assertThat(Duration.between(d.event().time(), newest)).isLessThan(Duration.ofMinutes(15));
            } else {
                newest = d.event().time();
            }
            assertThat(d.arrival()).isAfterOrEqualTo(d.event().time());
        }
        assertThat(late).as("some events overtaken by later ones").isPositive();
    }

    @Test
    void ingestReadsEveryVendorRecordBackAsTheCanonicalEvent() throws Exception {
        List<AccessEvent> events = new ArrayList<>();
        new Scenario(SMALL).forEach(d -> events.add(d.event()));
        Map<String, LogFormat> parsers = Map.of("azure-keyvault", new AzureKeyVaultFormat(),
                "hashicorp-vault", new HashiCorpVaultFormat(), "aws-cloudtrail", new AwsCloudTrailFormat());
        for (Map.Entry<String, LogFormat> parser : parsers.entrySet()) {
            VendorFormat format = VendorFormat.of(parser.getKey());
            for (AccessEvent event : events) {
                AccessEvent read = parser.getValue().parse(Json.MAPPER.readTree(format.line(event)),
                        event.subscriptionId(), event.time());
                // Vault and CloudTrail have no backup operation: the simulator logs backups as reads there
                OperationKind kind = event.operation().kind() == OperationKind.BACKUP
                        && !parser.getKey().equals("azure-keyvault") ? OperationKind.SECRET_READ
                                : event.operation().kind();
                assertThat(read.operation().kind()).as(parser.getKey()).isEqualTo(kind);
                assertThat(read.result().outcome()).as(parser.getKey()).isEqualTo(event.result().outcome());
                assertThat(read.principal().type()).as(parser.getKey()).isEqualTo(event.principal().type());
                assertThat(read.principal().objectId()).as(parser.getKey()).isEqualTo(event.principal().objectId());
                assertThat(read.client().ip()).as(parser.getKey()).isEqualTo(event.client().ip());
                if (parser.getKey().equals("azure-keyvault")) {
                    assertThat(read.vault()).isEqualTo(event.vault());
                    assertThat(read.principal().appId()).isEqualTo(event.principal().appId());
                    assertThat(read.time()).isEqualTo(event.time());
                }
            }
        }
        AccessEvent first = events.get(0);
        assertThat(Json.MAPPER.readValue(VendorFormat.of("vigil").line(first), AccessEvent.class)).isEqualTo(first);
    }

    private static List<String> lines(ScenarioSpec spec) {
        List<String> lines = new ArrayList<>();
        VendorFormat format = VendorFormat.of("vigil");
        new Scenario(spec).forEach(d -> lines.add(format.line(d.event())));
        return lines;
    }
}
