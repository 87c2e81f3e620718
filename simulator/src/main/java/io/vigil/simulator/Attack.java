package io.vigil.simulator;

import java.time.Instant;
import java.util.List;

import io.vigil.events.AlertType;

/**
 * The label of one injected attack: which alert type it should raise, when, by whom, on which vaults, from where.
 *
 * @param principal the attacking principal's key as detection-service sees it (object id)
 * @param vaults ids of the vaults the attack touched
 * @param eventIds the attack's own access events, so the evaluation can tell attack traffic from normal traffic
 */
public record Attack(String attackId, AlertType type, Instant start, Instant end, String subscriptionId,
        String principal, String principalLabel, List<String> vaults, String ip, String description,
        List<String> eventIds) {

    public Attack {
        vaults = List.copyOf(vaults);
        eventIds = List.copyOf(eventIds);
    }
}
