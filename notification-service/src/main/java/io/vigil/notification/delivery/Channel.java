package io.vigil.notification.delivery;

import java.util.Set;

import io.smallrye.mutiny.Uni;

/** A way out: sends one ledger row. The worker records the outcome; a failure is retried unless permanent. */
public interface Channel {

    /** The ledger {@code channel} values this sender serves. */
    Set<String> names();

    /** Completes when the receiver accepted it; fails with a {@link DeliveryFailure} (or any error: retried). */
    Uni<Void> send(Attempt attempt);
}
