package io.vigil.detection.domain;

import java.util.Locale;

import io.vigil.detection.config.DetectionConfig;

/** The volume detectors' shared rule: above the floor, above mean + k·stddev, and above a multiple of the mean. */
final class Volumes {

    private Volumes() {
    }

    static double bound(HourlyVolume volume, DetectionConfig.OperationVolume config, long floor) {
        return Math.max(floor, volume.stats().bound(config.sigmas(), config.minRatio()));
    }

    static String typical(EwStats stats) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", stats.mean(), stats.stddev());
    }
}
