package io.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vigil.events.AlertType;

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
    void vendorFormatsWriteWhatIngestReads() throws Exception {
        List<Scenario.Delivered> delivered = new ArrayList<>();
        new Scenario(SMALL).forEach(delivered::add);
        var event = delivered.get(0).event();
        var azure = Json.MAPPER.readTree(VendorFormat.of("azure-keyvault").line(event));
        assertThat(azure.get("category").asText()).isEqualTo("AuditEvent");
        assertThat(azure.get("resourceId").asText()).endsWith(event.vault().name().toUpperCase());
        assertThat(azure.get("operationName").asText()).isEqualTo(event.operation().name());
        var vault = Json.MAPPER.readTree(VendorFormat.of("hashicorp-vault").line(event));
        assertThat(vault.get("request").get("remote_address").asText()).isEqualTo(event.client().ip());
        var trail = Json.MAPPER.readTree(VendorFormat.of("aws-cloudtrail").line(event));
        assertThat(trail.get("eventID").asText()).isEqualTo(event.eventId());
        var canonical = Json.MAPPER.readValue(VendorFormat.of("vigil").line(event), io.vigil.events.AccessEvent.class);
        assertThat(canonical).isEqualTo(event);
    }

    private static List<String> lines(ScenarioSpec spec) {
        List<String> lines = new ArrayList<>();
        VendorFormat format = VendorFormat.of("vigil");
        new Scenario(spec).forEach(d -> lines.add(format.line(d.event())));
        return lines;
    }
}
