package io.vigil.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.common.rest.ProblemException;
import io.vigil.events.AccessEvent;
import io.vigil.ingest.config.IngestConfig;
import io.vigil.ingest.domain.RecordException;
import io.vigil.ingest.domain.Rejection;
import io.vigil.ingest.format.Batch;
import io.vigil.ingest.format.CoalescingFormat;
import io.vigil.ingest.format.IndexedRecord;
import io.vigil.ingest.format.LogFormat;
import io.vigil.ingest.format.RecordText;
import io.vigil.ingest.format.StreamedFormat;
import io.vigil.ingest.messaging.AccessEventPublisher;
import io.vigil.ingest.messaging.AccessEventPublisher.Outgoing;

/**
 * Parses a batch in one vendor format, keeps every valid record even when others are refused, enriches them and
 * answers only once Kafka acknowledged all of them: an accepted record is never lost.
 */
@ApplicationScoped
public class IngestService {

    private final Map<String, LogFormat> formats;
    private final ThreatIntel threatIntel;
    private final AccessEventPublisher publisher;
    private final SubscriptionPlans plans;
    private final ObjectMapper mapper;
    private final IngestConfig config;

    public IngestService(Instance<LogFormat> formats, ThreatIntel threatIntel, AccessEventPublisher publisher,
            SubscriptionPlans plans, ObjectMapper mapper, IngestConfig config) {
        this.formats = formats.stream().collect(Collectors.toUnmodifiableMap(LogFormat::name, Function.identity()));
        this.threatIntel = threatIntel;
        this.publisher = publisher;
        this.plans = plans;
        this.mapper = mapper;
        this.config = config;
    }

    public Uni<IngestResult> ingest(String subscriptionId, String formatName, byte[] body) {
        LogFormat format = formats.get(formatName);
        if (format == null) {
            throw new ProblemException(415, "unknown-format", "Unknown log format", "'" + formatName
                    + "' is not a supported format; use one of " + formats.keySet().stream().sorted().toList());
        }
        Instant receivedAt = Instant.now();
        boolean protectionEnabled = plans.protectionEnabled(subscriptionId);
        Accepted accepted = new Accepted(publisher.batch(protectionEnabled));
        if (format instanceof StreamedFormat streamed) {
            Batch.stream(mapper, body, config.maxRecordsPerRequest(), (index, parser, text) -> {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    accepted.rejected.add(new Rejection(index, "", "a record must be a JSON object"));
                } else {
                    accepted.offer(index, () -> streamed.read(parser, subscriptionId, receivedAt, text));
                }
            });
        } else if (format instanceof CoalescingFormat coalescing) {
            List<IndexedRecord> records = Batch.records(mapper, body, format, config.maxRecordsPerRequest());
            for (List<IndexedRecord> operation : coalescing.coalesce(records)) {
                // the first record that maps stands for the operation (a Vault response); the ones after it repeat it
                for (int i = 0; i < operation.size(); i++) {
                    if (accepted.offer(operation.get(i).index(), mappingOf(format, operation.get(i), subscriptionId,
                            receivedAt))) {
                        accepted.duplicates += operation.size() - i - 1;
                        break;
                    }
                }
            }
        } else {
            Batch.forEach(mapper, body, format, config.maxRecordsPerRequest(), (index, record, text) -> accepted
                    .offer(index, () -> parse(format, record, text, subscriptionId, receivedAt)));
        }
        Outgoing events = accepted.events;
        List<Rejection> rejected = accepted.rejected;
        int duplicateCount = accepted.duplicates;
        if (!protectionEnabled) {
            return Uni.createFrom().item(new IngestResult(0, duplicateCount, events.size(), List.copyOf(rejected)));
        }
        return publisher.publish(events)
                .ifNoItem().after(config.publishTimeout()).failWith(() -> unavailable())
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
                    Log.warnf("Kafka did not acknowledge a batch of %d events for subscription %s: %s", events.size(),
                            subscriptionId, e.getMessage());
                    return unavailable();
                })
                .replaceWith(() -> new IngestResult(events.size(), duplicateCount, 0, List.copyOf(rejected)));
    }

    private static Mapping mappingOf(LogFormat format, IndexedRecord record, String subscriptionId,
            Instant receivedAt) {
        return () -> parse(format, record.record(), record.text(), subscriptionId, receivedAt);
    }

    private static AccessEvent parse(LogFormat format, JsonNode record, RecordText text, String subscriptionId,
            Instant receivedAt) {
        if (!record.isObject()) {
            throw new RecordException("", "a record must be a JSON object");
        }
        return format.parse(record, text, subscriptionId, receivedAt);
    }

    /** One record mapped by its format; may throw what reading the body throws. */
    @FunctionalInterface
    private interface Mapping {
        AccessEvent map() throws IOException;
    }

    /** The batch's accepted events, its refused records, and how many repeated an accepted one. */
    private final class Accepted {
        final Outgoing events;
        final List<Rejection> rejected = new ArrayList<>();
        int duplicates;

        Accepted(Outgoing events) {
            this.events = events;
        }

        /**
         * Says whether the record mapped (to a new event or a duplicate) rather than being rejected. A body that cannot
         * be read any further leaves as UncheckedIOException: the whole request is refused.
         */
        boolean offer(int index, Mapping mapping) {
            try {
                if (!events.add(threatIntel.enrich(checked(mapping.map())))) {
                    duplicates++;
                }
                return true;
            } catch (RecordException e) {
                rejected.add(new Rejection(index, e.field(), e.getMessage()));
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What every format's events must respect, whatever the format checked itself. */
    private AccessEvent checked(AccessEvent event) {
        requireShort("client.ip", event.client() == null ? null : event.client().ip());
        requireShort("client.userAgent", event.client() == null ? null : event.client().userAgent());
        requireShort("result.detail", event.result().detail());
        // identifiers too: one oversized vault id or key would exceed Kafka's record size and fail the whole batch
        requireShort("vault.id", event.vault().id());
        requireShort("vault.name", event.vault().name());
        requireShort("operation.name", event.operation().name());
        requireShort("object.id", event.object() == null ? null : event.object().id());
        requireShort("object.name", event.object() == null ? null : event.object().name());
        requireShort("principal.objectId", event.principal().objectId());
        requireShort("principal.upn", event.principal().upn());
        requireShort("principal.appId", event.principal().appId());
        requireShort("principal.displayName", event.principal().displayName());
        requireShort("correlationId", event.correlationId());
        return event;
    }

    private void requireShort(String field, String value) {
        if (value != null && value.length() > config.maxFieldLength()) {
            throw new RecordException(field, "is longer than " + config.maxFieldLength() + " characters");
        }
    }

    private ProblemException unavailable() {
        int retryAfter = (int) Math.max(1, config.publishTimeout().toSeconds());
        return new ProblemException(503, "event-bus-unavailable", "Event bus unavailable",
                "Kafka did not acknowledge the batch in time; nothing from it was accepted, retry later",
                List.of(), retryAfter);
    }
}
