package io.vigil.detection.messaging;

/**
 * The transactions counted for one subscription and hour, and how many of them the last published {@code Usage}
 * reported: they differ while the hour is open, and again when events of a closed hour arrive late.
 */
public record UsageHour(long transactions, long published) {

    UsageHour counted() {
        return new UsageHour(transactions + 1, published);
    }

    UsageHour publishedNow() {
        return new UsageHour(transactions, transactions);
    }

    boolean unpublished() {
        return transactions != published;
    }
}
