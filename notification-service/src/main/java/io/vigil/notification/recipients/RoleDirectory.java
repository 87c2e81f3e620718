package io.vigil.notification.recipients;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** Who holds a role on a subscription, as email addresses. */
public interface RoleDirectory {

    /** The addresses of the holders of {@code role} whose subscriptions cover {@code subscriptionId}; never fails. */
    Uni<List<String>> emails(String role, String subscriptionId);
}
