package io.vigil.detection.messaging;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vigil.detection.domain.Burst;
import io.vigil.detection.domain.EwStats;
import io.vigil.detection.domain.HourlyVolume;
import io.vigil.detection.domain.PrincipalState;
import io.vigil.detection.domain.Seen;
import io.vigil.detection.domain.VaultState;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.Detection;
import io.vigil.events.DetectionException;
import io.vigil.events.Evidence;
import io.vigil.events.ExportDestination;
import io.vigil.events.IpEnrichment;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Principal;
import io.vigil.events.SubscriptionConfig;
import io.vigil.events.Usage;
import io.vigil.events.Vault;

/**
 * Everything Jackson reads or writes in the serdes (topic payloads and state store values): Quarkus cannot see
 * these through {@code ObjectMapperSerde}, so a native executable would otherwise lack their reflection metadata.
 */
@RegisterForReflection(targets = {
        AccessEvent.class, AccessEvent.Operation.class, AccessEvent.ObjectRef.class, AccessEvent.Result.class,
        AccessEvent.Client.class, Vault.class, Principal.class, IpEnrichment.class,
        IpEnrichment.ThreatListMatch.class, Detection.class, Evidence.class, AccessedObject.class,
        SubscriptionConfig.class, DetectionException.class, NotificationSettings.class, ExportDestination.class,
        Usage.class, UsageHour.class,
        VaultState.class, Seen.class, HourlyVolume.class, EwStats.class, PrincipalState.class,
        PrincipalState.VaultTouch.class, Burst.class })
final class SerializedTypes {

    private SerializedTypes() {
    }
}
