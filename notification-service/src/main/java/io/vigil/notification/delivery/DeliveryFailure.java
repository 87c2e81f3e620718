package io.vigil.notification.delivery;

/**
 * A send that did not work, with a reason fit for the delivery history (never a secret, a token or a capability
 * URL). Permanent failures are not retried.
 */
public class DeliveryFailure extends RuntimeException {

    private final boolean permanent;

    private DeliveryFailure(String reason, boolean permanent) {
        super(reason, null, false, false);
        this.permanent = permanent;
    }

    public static DeliveryFailure retry(String reason) {
        return new DeliveryFailure(reason, false);
    }

    public static DeliveryFailure permanent(String reason) {
        return new DeliveryFailure(reason, true);
    }

    public boolean permanent() {
        return permanent;
    }
}
