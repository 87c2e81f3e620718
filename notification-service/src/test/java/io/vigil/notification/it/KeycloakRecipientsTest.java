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

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Severity;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * Role holders from Keycloak's admin API, served by a real HTTP server ({@link FakeKeycloak}): a client-credentials
 * token, the role's users over two pages with their {@code subscriptions} attribute, a cache with a TTL, and the
 * static directory when Keycloak fails.
 */
@QuarkusTest
@TestProfile(KeycloakRecipientsTest.WithKeycloak.class)
class KeycloakRecipientsTest {

    public static class WithKeycloak implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeKeycloak.class));
        }
    }

    @Inject
    SubscriptionSettings known;

    @Test
    void roleHoldersWhoseSubscriptionsCoverTheAlertAreEmailed() {
        settings("sub-kc", new NotificationSettings(true, Severity.HIGH, List.of(), List.of("vigil-admin")),
                List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of("sub-kc").isPresent());

        var alert = alert("sub-kc", Severity.HIGH);
        publish(alert);

        List<String> expected = List.of("ada@kc.example", "op@kc.example", "late@kc.example");
        for (String address : expected) {
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(address).stream()
                    .anyMatch(m -> m.toString().contains(alert.alertId)));
        }
        // another subscription's admin, a disabled user and one without an address are not
        assertThat(statuses(alert.alertId, "email")).containsOnlyKeys(expected.toArray(String[]::new));
        assertThat(FakeKeycloak.problems).isEmpty();
    }

    @Test
    void aRolesHoldersAreCachedForTheTtl() throws Exception {
        settings("sub-kc-cache", new NotificationSettings(true, Severity.HIGH, List.of(), List.of("vigil-admin")),
                List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of("sub-kc-cache").isPresent());
        Thread.sleep(3500); // whatever an earlier test cached has expired

        var first = alert("sub-kc-cache", Severity.HIGH);
        publish(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> !statuses(first.alertId, "ocsf").isEmpty());
        int lookups = FakeKeycloak.lookups.get("vigil-admin").get();

        var second = alert("sub-kc-cache", Severity.HIGH);
        publish(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> !statuses(second.alertId, "ocsf").isEmpty());
        assertThat(FakeKeycloak.lookups.get("vigil-admin").get()).as("within the TTL: from the cache")
                .isEqualTo(lookups);

        Thread.sleep(3500);
        var third = alert("sub-kc-cache", Severity.HIGH);
        publish(third);
        await().atMost(Duration.ofSeconds(20)).until(() -> !statuses(third.alertId, "ocsf").isEmpty());
        // two pages of users: two requests
        assertThat(FakeKeycloak.lookups.get("vigil-admin").get()).as("after the TTL: asked again")
                .isEqualTo(lookups + 2);
        assertThat(statuses(third.alertId, "email")).containsKey("op@kc.example");
    }

    @Test
    void whenKeycloakFailsTheStaticDirectoryIsUsed() {
        // the fake Keycloak answers 500 for vigil-responder; %test configures its static holders
        settings("sub-kc-down", new NotificationSettings(true, Severity.HIGH, List.of(), List.of("vigil-responder")),
                List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of("sub-kc-down").isPresent());

        var alert = alert("sub-kc-down", Severity.HIGH);
        publish(alert);

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox("responder-one@vigil.local").stream()
                .anyMatch(m -> m.toString().contains(alert.alertId)));
        assertThat(statuses(alert.alertId, "email")).containsOnlyKeys("responder-one@vigil.local",
                "responder-two@vigil.local");
        assertThat(FakeKeycloak.lookups.get("vigil-responder").get()).isPositive();
    }
}
