package io.vigil.detection.domain;

/** When a baseline entry was first and last observed, in epoch milliseconds of event time. */
public record Seen(long first, long last) {

    public static Seen at(long time) {
        return new Seen(time, time);
    }

    public Seen touch(long time) {
        return new Seen(Math.min(first, time), Math.max(last, time));
    }
}
