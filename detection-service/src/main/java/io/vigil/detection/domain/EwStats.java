package io.vigil.detection.domain;

/**
 * Mean and variance of per-bucket counts, exponentially weighted over about {@code window} buckets, so old behaviour
 * fades without keeping every bucket. Until {@code window} buckets are seen it is the plain mean, so the first days
 * are not dominated by the very first bucket.
 */
public record EwStats(double mean, double variance, long samples) {

    public static EwStats empty() {
        return new EwStats(0, 0, 0);
    }

    public EwStats add(double value, int window) {
        long n = samples + 1;
        double alpha = Math.max(1.0 / n, 1.0 / window);
        double diff = value - mean;
        double increment = alpha * diff;
        return new EwStats(mean + increment, (1 - alpha) * (variance + diff * increment), n);
    }

    /** Empty buckets count: a caller idle for a day has a lower typical rate than one busy every hour. */
    public EwStats addZeros(long count, int window) {
        EwStats stats = this;
        // after four windows of zeros the old mean weighs e^-4 (2 %): a longer gap costs more and changes nothing
        for (long i = 0; i < Math.min(count, 4L * window); i++) {
            stats = stats.add(0, window);
        }
        return stats;
    }

    public double stddev() {
        return Math.sqrt(Math.max(variance, 0));
    }

    /**
     * The spread to expect of a count with this history: its observed standard deviation, but never less than the
     * square root of its mean. Counts of independent events vary at least that much (Poisson), so a perfectly
     * steady history (an application calling every five minutes, a job touching the same ten vaults daily) does not
     * make one extra call or one extra vault anomalous.
     */
    public double countStddev() {
        return Math.max(stddev(), Math.sqrt(Math.max(mean, 0)));
    }

    /** The bound a bucket must exceed: {@code sigmas} count deviations and {@code ratio} times the mean. */
    public double bound(double sigmas, double ratio) {
        return Math.max(mean + sigmas * countStddev(), ratio * mean);
    }
}
