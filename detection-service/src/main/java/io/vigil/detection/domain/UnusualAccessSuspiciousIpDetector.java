package io.vigil.detection.domain;

import java.util.Map;
import java.util.Optional;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Outcome;

/**
 * KV_UnusualAccessSuspiciousIP: a principal with an established history succeeds from an external network (not
 * private, not trusted) it has not used within the entry TTL; a principal only ever seen on private addresses that
 * suddenly comes from outside is the clearest case. Networks are compared by /24 or /48, so DHCP churn
 * inside one office stays quiet.
 */
public final class UnusualAccessSuspiciousIpDetector implements PrincipalDetector {

    private final DetectionConfig.UnusualIp config;

    public UnusualAccessSuspiciousIpDetector(DetectionConfig.UnusualIp config) {
        this.config = config;
    }

    @Override
    public Optional<Detection> evaluate(AccessEvent event, PrincipalBaseline baseline) {
        if (event.result().outcome() != Outcome.SUCCESS || baseline.learning()
                || baseline.successes() < config.minHistoryEvents()) {
            return Optional.empty();
        }
        String range = IpRanges.range(event, config);
        if (range == null || baseline.knowsIpRange(range)) {
            return Optional.empty();
        }
        String summary = String.format("%s %s vault %s from %s, an external network (%s) it has not used in %s of "
                + "history, in which it used %d other external networks.", Callers.label(event),
                Detections.action(event), event.vault().name(), event.client().ip(), range, Detections.days(baseline.history()),
                baseline.ipRangeCount());
        return Optional.of(Detections.fromEvent(AlertType.KV_UnusualAccessSuspiciousIP, event, summary, Map.of(
                "ip", event.client().ip(),
                "network", range,
                "knownNetworks", baseline.ipRangeCount(),
                "principalHistoryDays", baseline.history().toDays(),
                "operation", event.operation().name())));
    }
}
