package io.vigil.detection;

import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.BOB;
import static io.vigil.detection.TestEvents.KV_DEV;
import static io.vigil.detection.TestEvents.KV_PROD;
import static io.vigil.detection.TestEvents.PAYMENTS;
import static io.vigil.detection.TestEvents.by;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vigil.events.AccessEvent;

/**
 * Weeks of ordinary work, in event-time order, in a few thousand events: an application reading its database
 * password every 15 minutes (and listing then reading its secrets at its daily restart), a user reading two vaults
 * through the CLI during office hours from the office's public address, another reading one vault once a day
 * through the portal.
 */
public final class NormalTraffic {

    public static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    public static final String ALICE_IP = "203.0.113.10";
    public static final String BOB_IP = "198.51.100.7";

    private NormalTraffic() {
    }

    public static List<AccessEvent> days(int days) {
        List<AccessEvent> events = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            Instant midnight = START.plus(Duration.ofDays(day));
            for (int minute = 0; minute < 24 * 60; minute += 15) {
                Instant t = midnight.plus(Duration.ofMinutes(minute));
                if (minute == 6 * 60) {
                    events.add(by(PAYMENTS).from("10.1.0.4", TestEvents.privateIp()).lists().at(t));
                    events.add(by(PAYMENTS).from("10.1.0.4", TestEvents.privateIp()).reads("api-token")
                            .at(t.plusSeconds(20)));
                }
                events.add(by(PAYMENTS).from("10.1.0.4", TestEvents.privateIp()).reads("db-password")
                        .at(t.plusSeconds(30)));
                if (minute % 60 == 0 && minute >= 9 * 60 && minute <= 16 * 60) {
                    events.add(by(ALICE).from(ALICE_IP).on(KV_PROD).reads("api-key").at(t.plusSeconds(40)));
                    events.add(by(ALICE).from(ALICE_IP).on(KV_DEV).reads("dev-key").at(t.plusSeconds(45)));
                }
                if (minute == 10 * 60 + 30) {
                    events.add(by(ALICE).from(ALICE_IP).on(KV_DEV).lists().at(t.plusSeconds(40)));
                }
                if (minute == 14 * 60 + 15) {
                    events.add(by(BOB).from(BOB_IP).on(KV_PROD).reads("report-key").at(t.plusSeconds(50)));
                }
            }
        }
        return events;
    }
}
