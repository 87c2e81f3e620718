package io.vigil.notification.delivery;

import java.time.Instant;

import io.vigil.events.AlertEvent;

/**
 * One due ledger row being sent: which alert version, to which address or destination, the how-manieth attempt.
 *
 * @param recipient an email address, or the name of an export destination (the topic for the default OCSF export)
 * @param attempts the attempts made so far, this one included
 */
public record Attempt(long id, String alertId, long alertVersion, String subscriptionId, String channel,
        String recipient, boolean followUp, int attempts, Instant claimedAt, AlertEvent alert) {
}
