package io.vigil.detection.domain;

/**
 * Operations in the current hour of event time, and the statistics of the completed hours before it.
 *
 * @param hour the current hour, as hours since the epoch
 */
public record HourlyVolume(long hour, long count, EwStats stats) {

    private static final long HOUR_MS = 3_600_000L;

    public static HourlyVolume empty() {
        return new HourlyVolume(-1, 0, EwStats.empty());
    }

    /**
     * This volume with one more operation at {@code time}; a new hour first folds the finished one into the stats,
     * and an operation of an hour already folded changes nothing.
     */
    public HourlyVolume plusOne(long time, int window) {
        long eventHour = Math.floorDiv(time, HOUR_MS);
        if (hour < 0) {
            return new HourlyVolume(eventHour, 1, stats);
        }
        if (eventHour > hour) {
            EwStats folded = stats.add(count, window).addZeros(eventHour - hour - 1, window);
            return new HourlyVolume(eventHour, 1, folded);
        }
        if (eventHour < hour) {
            // an hour already folded into the baseline: counting its stragglers "now" would make a backlog look
            // like a burst. After the repartition by principal, one vault partition's backlog can run days behind
            // another's, so a principal's catch-up interleaves distant hours; its late events are left out instead.
            return this;
        }
        return new HourlyVolume(hour, count + 1, stats);
    }
}
