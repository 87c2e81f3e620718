package io.vigil.events;

import java.time.Instant;

/**
 * One vault operation, normalised from any source. Any identity field may be absent: an application has no UPN and
 * traffic from outside the cloud has no object id.
 *
 * @param eventId deterministic: the same source record always yields the same id, so consumers drop replays
 * @param subscriptionId the tenant unit every downstream record belongs to
 */
public record AccessEvent(
        String eventId,
        int schemaVersion,
        String subscriptionId,
        Source source,
        Vault vault,
        Instant time,
        Instant receivedAt,
        Operation operation,
        ObjectRef object,
        Result result,
        Principal principal,
        Client client,
        String correlationId,
        IpEnrichment ip) {

    public static final int SCHEMA_VERSION = 1;

    /** Kafka key: all events of one vault land on one partition, so its state lives on one detection instance. */
    public String partitionKey() {
        return subscriptionId + "/" + vault.id();
    }

    public record Operation(String name, OperationKind kind) {
    }

    public record ObjectRef(ObjectType type, String id, String name) {
    }

    public record Result(Outcome outcome, Integer httpStatus, String detail) {
    }

    public record Client(String ip, String userAgent) {
    }
}
