package io.vigil.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.events.DetectionException;
import io.vigil.events.ExportDestination;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Severity;

class WeakeningTest {

    private static final ExportDestination SIEM = new ExportDestination("siem", ExportDestination.Kind.SYSLOG_CEF,
            "siem:6514", Severity.LOW, List.of(), null);
    private static final ExportDestination HOOK = new ExportDestination("hook", ExportDestination.Kind.WEBHOOK,
            "https://hooks.example/x", Severity.MEDIUM, List.of("KV_TORAccess"), "hook-secret");
    private static final SettingsSnapshot BASE = new SettingsSnapshot(3, true, List.of("10.0.0.0/8"),
            List.of(new DetectionException("resource-graph", List.of("*"), Map.of("principal.appId", List.of("a")))),
            new NotificationSettings(true, Severity.MEDIUM, List.of("soc@corp"), List.of("vigil-admin")),
            List.of(SIEM, HOOK));

    @Test
    void strengtheningOrUnchangedSettingsWeakenNothing() {
        assertThat(Weakening.of(BASE, BASE)).isEmpty();
        SettingsSnapshot stronger = BASE.withPlan(true, List.of())
                .withDetectionExceptions(List.of())
                .withNotifications(new NotificationSettings(true, Severity.LOW, List.of("soc@corp", "ciso@corp"),
                        List.of("vigil-admin", "vigil-responder")))
                .withExports(List.of(new ExportDestination("siem", ExportDestination.Kind.SYSLOG_CEF, "siem:6514",
                        Severity.INFORMATIONAL, List.of(), null), HOOK,
                        new ExportDestination("ocsf", ExportDestination.Kind.KAFKA_OCSF, "soc.ocsf", null, null, null)));
        assertThat(Weakening.of(BASE, stronger)).isEmpty();
    }

    @Test
    void everyWeakeningIsNamed() {
        SettingsSnapshot weaker = BASE.withPlan(false, List.of("10.0.0.0/8", "0.0.0.0/0"))
                .withDetectionExceptions(List.of(BASE.detectionExceptions().get(0),
                        new DetectionException("everyone", List.of("*"), Map.of("vault.name", List.of("kv-prod")))))
                .withNotifications(new NotificationSettings(true, Severity.HIGH, List.of(), List.of("vigil-admin")))
                .withExports(List.of(new ExportDestination("siem", ExportDestination.Kind.SYSLOG_CEF, "siem:6514",
                        Severity.LOW, List.of("KV_TORAccess"), null)));
        assertThat(Weakening.of(BASE, weaker)).containsExactly(
                "protection turned off: events of this subscription are no longer analysed",
                "networks newly trusted over threat lists: 0.0.0.0/0",
                "detection exceptions added or changed: everyone",
                "email minimum severity raised from Medium to High",
                "email recipients removed: soc@corp",
                "export destinations removed: hook",
                "export destinations narrowed (higher minimum severity or fewer alert types): siem");
    }

    @Test
    void turningEmailOffIsOneWeakeningWhateverElseChangedWithIt() {
        SettingsSnapshot silenced = BASE.withNotifications(
                new NotificationSettings(false, Severity.HIGH, List.of(), List.of()));
        assertThat(Weakening.of(BASE, silenced)).containsExactly("email notifications turned off");
    }
}
