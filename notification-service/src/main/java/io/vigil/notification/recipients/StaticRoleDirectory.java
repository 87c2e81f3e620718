package io.vigil.notification.recipients;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import io.smallrye.mutiny.Uni;
import io.vigil.notification.config.NotificationConfig;

/**
 * Role holders from configuration: {@code vigil.notification.subscription-roles.<subscription>."<role>"} when the
 * subscription has an entry for the role, otherwise {@code vigil.notification.roles."<role>"}.
 */
@ApplicationScoped
@Typed(StaticRoleDirectory.class) // RoleDirectory is what RoleDirectories produces
public class StaticRoleDirectory implements RoleDirectory {

    private final NotificationConfig config;

    public StaticRoleDirectory(NotificationConfig config) {
        this.config = config;
    }

    @Override
    public Uni<List<String>> emails(String role, String subscriptionId) {
        return Uni.createFrom().item(lookup(role, subscriptionId));
    }

    List<String> lookup(String role, String subscriptionId) {
        Map<String, List<String>> own = config.subscriptionRoles().get(subscriptionId);
        if (own != null && own.containsKey(role)) {
            return own.get(role);
        }
        return config.roles().getOrDefault(role, List.of());
    }
}
