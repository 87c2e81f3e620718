package io.vigil.detection.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.detection.domain.Detector;
import io.vigil.detection.domain.SuspiciousIpDetector;
import io.vigil.detection.domain.TorAccessDetector;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/** Runs every enabled detector over an event; the set is fixed at start from configuration. */
@ApplicationScoped
public class DetectionEngine {

    private final List<Detector> detectors;

    public DetectionEngine(DetectionConfig config) {
        List<Detector> enabled = new ArrayList<>();
        if (config.tor().enabled()) {
            enabled.add(new TorAccessDetector());
        }
        if (config.suspiciousIp().enabled()) {
            enabled.add(new SuspiciousIpDetector());
        }
        this.detectors = List.copyOf(enabled);
    }

    public List<Detection> evaluate(AccessEvent event) {
        List<Detection> detections = new ArrayList<>(1);
        for (Detector detector : detectors) {
            detector.evaluate(event).ifPresent(detections::add);
        }
        return detections;
    }
}
