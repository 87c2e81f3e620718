package io.vigil.detection.messaging;

import java.io.IOException;
import java.time.Instant;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.vigil.events.AccessEvent;
import io.vigil.events.UtcInstants;

/**
 * An access event with the bytes it was read from. Re-keying events by principal writes every one of them to a
 * repartition topic again; handing on the bytes it arrived as spares serialising each event a second time.
 */
record ReadEvent(AccessEvent event, byte[] json) {

    /** Reads canonical access events (with a fast path for their UTC timestamps) and writes back the bytes read. */
    static Serde<ReadEvent> serde(ObjectMapper mapper) {
        ObjectReader reader = mapper.copy()
                .registerModule(new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstants()))
                .readerFor(AccessEvent.class);
        return Serdes.serdeFrom((topic, read) -> read == null ? null : read.json(), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return new ReadEvent(reader.readValue(bytes), bytes);
            } catch (JsonProcessingException e) {
                // the parser's own message names what and where; the record itself stays out of the logs
                throw new SerializationException("not a canonical access event: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new SerializationException("not a canonical access event", e);
            }
        });
    }
}
