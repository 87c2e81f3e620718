package io.vigil.notification.it;

import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.inbox;
import static io.vigil.notification.it.Fixtures.publish;
import static io.vigil.notification.it.Fixtures.settings;
import static io.vigil.notification.it.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Severity;
import io.vigil.notification.settings.SubscriptionSettings;
import io.vigil.testsupport.GreenMailResource;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.OidcResource;
import io.vigil.testsupport.PostgresResource;

/**
 * Recipients from the subscription's notification settings, read from real records on the compacted config topic of
 * a real broker: explicit addresses plus role holders (static directory), the minimum severity, on/off, and the
 * configured recipients as the fallback of a subscription without settings (or after a tombstone).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcResource.class, restrictToAnnotatedClass = false)
class RecipientsFromSettingsTest {

    @Inject
    SubscriptionSettings known;

    @Test
    void explicitAddressesAndRoleHoldersAreEmailedFromTheMinimumSeverityUp() {
        String sub = "sub-settings-a";
        settings(sub, new NotificationSettings(true, Severity.MEDIUM,
                List.of("Alice@Contoso.com", "secops-a@contoso.com", "not-an-address"), List.of("vigil-responder")),
                List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of(sub).isPresent());

        var low = alert(sub, Severity.LOW);
        var medium = alert(sub, Severity.MEDIUM);
        publish(low, medium);

        List<String> expected = List.of("alice@contoso.com", "secops-a@contoso.com", "responder-one@vigil.local",
                "responder-two@vigil.local");
        for (String address : expected) {
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(address).stream()
                    .anyMatch(m -> m.toString().contains(medium.alertId)));
        }
        assertThat(statuses(medium.alertId, "email")).containsOnlyKeys(expected.toArray(String[]::new));
        // the Low alert was handled (exported) but emailed to nobody, not even the fallback recipients
        await().atMost(Duration.ofSeconds(20)).until(() -> !statuses(low.alertId, "ocsf").isEmpty());
        assertThat(statuses(low.alertId, "email")).isEmpty();
        assertThat(inbox("soc@vigil.local")).noneMatch(m -> m.toString().contains(medium.alertId));
    }

    @Test
    void aSubscriptionsOwnRoleDirectoryEntryBeatsTheGlobalOne() {
        String sub = "sub-settings-roles";
        settings(sub, new NotificationSettings(true, Severity.LOW, List.of(), List.of("vigil-responder")), List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of(sub).isPresent());

        var alert = alert(sub, Severity.HIGH);
        publish(alert);

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox("own-responder@vigil.local").stream()
                .anyMatch(m -> m.toString().contains(alert.alertId)));
        assertThat(statuses(alert.alertId, "email")).containsOnlyKeys("own-responder@vigil.local");
    }

    @Test
    void notificationsSwitchedOffEmailNobodyAndATombstoneBringsBackTheFallback() {
        String sub = "sub-settings-c";
        String fallback = "fallback-c@vigil.local";

        // no settings yet: the configured recipients
        var before = alert(sub, Severity.HIGH);
        publish(before);
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(fallback).stream()
                .anyMatch(m -> m.toString().contains(before.alertId)));

        settings(sub, new NotificationSettings(false, Severity.LOW, List.of("someone-c@contoso.com"),
                List.of("vigil-responder")), List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of(sub).isPresent());
        var off = alert(sub, Severity.HIGH);
        publish(off);
        await().atMost(Duration.ofSeconds(20)).until(() -> !statuses(off.alertId, "ocsf").isEmpty());
        assertThat(statuses(off.alertId, "email")).isEmpty();

        Fixtures.tombstone(sub);
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of(sub).isEmpty());
        var after = alert(sub, Severity.HIGH);
        publish(after);
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(fallback).stream()
                .anyMatch(m -> m.toString().contains(after.alertId)));
        assertThat(statuses(after.alertId, "email")).containsOnlyKeys(fallback);
        assertThat(inbox("someone-c@contoso.com")).isEmpty();
    }
}
