package io.vigil.detection.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;


/**
 * Event time is when the vault operation happened, not when the log reached Kafka: baselines, windows and grace all
 * follow the audit record's own {@code time}.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof ReadEvent read && read.event().time() != null) {
            return read.event().time().toEpochMilli();
        }
        // unreadable records are dropped later; any valid time keeps them from stalling the partition
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
