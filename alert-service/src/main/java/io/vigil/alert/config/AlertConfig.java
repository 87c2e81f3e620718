package io.vigil.alert.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil.alert")
public interface AlertConfig {

    /**
     * Detections with the same correlation key update the open alert whose last activity is at most this old;
     * later ones open a new alert.
     */
    @WithDefault("24h")
    Duration aggregationWindow();

    /** Most accessed objects an alert keeps (newest first); the detection count keeps the total. */
    @WithDefault("200")
    int maxObjects();

    /** Page size of alert listings when the client asks for none; also the largest page served. */
    @WithDefault("100")
    int maxPageSize();

    Outbox outbox();

    Suppression suppression();

    Detections detections();

    Bulk bulk();

    Query query();

    interface Query {

        /**
         * A list's {@code total} counts at most this many alerts (then says {@code totalExact: false}), so the first
         * page costs the same however many alerts match; {@code includeTotal=exact} counts them all.
         */
        @WithDefault("10000")
        int totalLimit();
    }

    interface Detections {

        /**
         * Most detections folded in one transaction. The consumer reads detections in batches (up to the Kafka
         * consumer's {@code max.poll.records}) and commits each batch in transactions of at most this many: fewer
         * round trips and commits per detection. 1 means one transaction per detection, as before batching.
         */
        @WithDefault("500")
        int transactionSize();

        /**
         * Lanes a batch is folded in at once, each its own transaction on its own connection; a batch is split by
         * partition, so one correlation key's detections stay in one lane, in order. 1 folds a batch in sequence.
         */
        @WithDefault("2")
        int concurrency();
    }

    interface Bulk {

        /** Most alerts one bulk status change changes; the answer tells how many matching alerts remain. */
        @WithDefault("10000")
        int maxAlerts();
    }

    interface Suppression {

        /** Most alerts one simulation reads (newest first); beyond it the answer says it is truncated. */
        @WithDefault("50000")
        int simulateMaxAlerts();

        /**
         * When set, every rule must expire within this time of when its expiry was set, so rules get reviewed
         * (Alertmanager's users ask for this cap). Unset: rules may run without a time limit, as in Defender.
         */
        Optional<Duration> maxDuration();
    }

    interface Outbox {

        /**
         * Whether this instance relays the outbox to Kafka. Off only to hold publication (maintenance, tests): the
         * changes still commit and are published once a relaying instance runs.
         */
        @WithDefault("true")
        boolean relayEnabled();

        /** Most events relayed per transaction. */
        @WithDefault("500")
        int batchSize();

        /** How often the outbox is checked besides the immediate relay after each change. */
        @WithDefault("1s")
        Duration pollInterval();
    }
}
