package io.vigil.events;

import java.time.Instant;

/**
 * Transactions (access events analysed) of one subscription in one hour of event time, published once the hour can
 * no longer receive late events; the basis for metering.
 *
 * @param usageId deterministic over subscription and hour, so a consumer stores each hour once
 */
public record Usage(String usageId, int schemaVersion, String subscriptionId, Instant hourStart, long transactions) {

    public static final int SCHEMA_VERSION = 1;

    public static Usage of(String subscriptionId, Instant hourStart, long transactions) {
        return new Usage(DeterministicId.of("usage", subscriptionId, hourStart.toString()), SCHEMA_VERSION,
                subscriptionId, hourStart, transactions);
    }
}
