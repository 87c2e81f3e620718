package io.vigil.alert.domain;

import java.util.List;

import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;

/**
 * The parts of an alert that are always read and written whole: classification, caller, source IP, the accessed
 * objects with their times, the evidence and the remediation steps.
 */
public record AlertDetails(
        List<String> tactics,
        List<String> techniques,
        Principal principal,
        AccessEvent.Client client,
        IpEnrichment ip,
        List<AccessedObject> objects,
        Evidence evidence,
        List<String> remediationSteps) {

    public AlertDetails withActivity(AccessEvent.Client newClient, IpEnrichment newIp, List<AccessedObject> newObjects,
            Evidence newEvidence) {
        return new AlertDetails(tactics, techniques, principal, newClient, newIp, newObjects, newEvidence,
                remediationSteps);
    }
}
