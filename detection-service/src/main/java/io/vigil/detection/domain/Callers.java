package io.vigil.detection.domain;

import java.util.Locale;

import io.vigil.events.AccessEvent;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;

/** Who a caller is for baselines: sources fill different identity fields, so each role picks the steadiest one. */
public final class Callers {

    private Callers() {
    }

    /** The caller's identity across vaults: object id, else UPN, else application id; null when anonymous. */
    public static String key(AccessEvent event) {
        Principal p = event.principal();
        if (p == null) {
            return null;
        }
        if (present(p.objectId())) {
            return p.objectId();
        }
        if (present(p.upn())) {
            return p.upn().toLowerCase(Locale.ROOT);
        }
        return present(p.appId()) ? "app:" + p.appId() : null;
    }

    public static boolean isUser(AccessEvent event) {
        return event.principal() != null && event.principal().type() == PrincipalType.USER;
    }

    /** The application acting on its own behalf (a service principal), or null for users and anonymous callers. */
    public static String application(AccessEvent event) {
        Principal p = event.principal();
        if (p == null || (p.type() != PrincipalType.APPLICATION && p.type() != PrincipalType.SERVICE)) {
            return null;
        }
        return present(p.appId()) ? p.appId() : present(p.objectId()) ? p.objectId() : null;
    }

    /** The client application a user signed in through, or null. */
    public static String clientApplication(AccessEvent event) {
        return isUser(event) && present(event.principal().appId()) ? event.principal().appId() : null;
    }

    public static String label(AccessEvent event) {
        return event.principal() == null ? "An unknown caller" : event.principal().label();
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
