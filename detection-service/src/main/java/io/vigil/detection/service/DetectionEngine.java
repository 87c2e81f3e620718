package io.vigil.detection.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.vigil.detection.config.DetectionConfig;
import io.vigil.detection.domain.AccountVolumeAccessDeniedAnomalyDetector;
import io.vigil.detection.domain.AccountVolumeAnomalyDetector;
import io.vigil.detection.domain.AppAnomalyDetector;
import io.vigil.detection.domain.Detector;
import io.vigil.detection.domain.ListGetAnomalyDetector;
import io.vigil.detection.domain.OperationPatternAnomalyDetector;
import io.vigil.detection.domain.PrincipalBaseline;
import io.vigil.detection.domain.PrincipalDetector;
import io.vigil.detection.domain.PrincipalOperationVolumeAnomalyDetector;
import io.vigil.detection.domain.PutGetAnomalyDetector;
import io.vigil.detection.domain.SuspiciousIpAccessDeniedDetector;
import io.vigil.detection.domain.SuspiciousIpAccessDetector;
import io.vigil.detection.domain.TorAccessDetector;
import io.vigil.detection.domain.UnusualAccessSuspiciousIpDetector;
import io.vigil.detection.domain.UserAccessDeniedAnomalyDetector;
import io.vigil.detection.domain.UserAnomalyDetector;
import io.vigil.detection.domain.UserAppAnomalyDetector;
import io.vigil.detection.domain.VaultBaseline;
import io.vigil.detection.domain.VaultDetector;
import io.vigil.detection.domain.VaultOperationVolumeAnomalyDetector;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/**
 * Runs the enabled detectors; the set is fixed at start from configuration. Per-vault detectors run on the vault's
 * partition, per-principal ones after the re-keying by principal.
 */
@ApplicationScoped
public class DetectionEngine {

    private final DetectionConfig config;
    private final List<Detector> stateless;
    private final List<VaultDetector> vault;
    private final List<PrincipalDetector> principal;

    public DetectionEngine(DetectionConfig config) {
        this.config = config;
        List<Detector> stateless = new ArrayList<>();
        add(stateless, config.torAccess(), new TorAccessDetector());
        add(stateless, config.suspiciousIpAccess(), new SuspiciousIpAccessDetector());
        add(stateless, config.suspiciousIpAccessDenied(), new SuspiciousIpAccessDeniedDetector());
        List<VaultDetector> vault = new ArrayList<>();
        add(vault, config.userAnomaly(), new UserAnomalyDetector());
        add(vault, config.appAnomaly(), new AppAnomalyDetector());
        add(vault, config.userAccessDeniedAnomaly(), new UserAccessDeniedAnomalyDetector());
        add(vault, config.operationPatternAnomaly(),
                new OperationPatternAnomalyDetector(config.operationPatternAnomaly()));
        add(vault, config.operationVolumeAnomaly(),
                new VaultOperationVolumeAnomalyDetector(config.operationVolumeAnomaly()));
        List<PrincipalDetector> principal = new ArrayList<>();
        add(principal, config.operationVolumeAnomaly(),
                new PrincipalOperationVolumeAnomalyDetector(config.operationVolumeAnomaly()));
        add(principal, config.userAppAnomaly(), new UserAppAnomalyDetector(config.noveltyWindow()));
        add(principal, config.listGetAnomaly(), new ListGetAnomalyDetector(config.listGetAnomaly()));
        add(principal, config.putGetAnomaly(), new PutGetAnomalyDetector(config.putGetAnomaly()));
        add(principal, config.accountVolumeAnomaly(),
                new AccountVolumeAnomalyDetector(config.accountVolumeAnomaly(), config.maxObjectsPerDetection()));
        add(principal, config.accountVolumeAccessDeniedAnomaly(), new AccountVolumeAccessDeniedAnomalyDetector(
                config.accountVolumeAccessDeniedAnomaly(), config.maxObjectsPerDetection()));
        add(principal, config.unusualAccessSuspiciousIp(),
                new UnusualAccessSuspiciousIpDetector(config.unusualAccessSuspiciousIp()));
        this.stateless = List.copyOf(stateless);
        this.vault = List.copyOf(vault);
        this.principal = List.copyOf(principal);
    }

    public DetectionConfig config() {
        return config;
    }

    /** The stateless and per-vault detections of an event, judged against the vault's baseline before the event. */
    public List<Detection> evaluate(AccessEvent event, VaultBaseline baseline) {
        List<Detection> detections = new ArrayList<>(1);
        for (Detector detector : stateless) {
            detector.evaluate(event).ifPresent(detections::add);
        }
        for (VaultDetector detector : vault) {
            detector.evaluate(event, baseline).ifPresent(detections::add);
        }
        return detections;
    }

    public List<Detection> evaluate(AccessEvent event, PrincipalBaseline baseline) {
        List<Detection> detections = new ArrayList<>(1);
        for (PrincipalDetector detector : principal) {
            detector.evaluate(event, baseline).ifPresent(detections::add);
        }
        return detections;
    }

    private static <T> void add(List<T> detectors, DetectionConfig.Toggle toggle, T detector) {
        if (toggle.enabled()) {
            detectors.add(detector);
        }
    }
}
