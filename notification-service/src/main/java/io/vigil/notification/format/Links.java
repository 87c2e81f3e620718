package io.vigil.notification.format;

import jakarta.enterprise.context.ApplicationScoped;

import io.vigil.notification.config.NotificationConfig;

/** Links into the dashboard. */
@ApplicationScoped
public class Links {

    private final String dashboard;

    public Links(NotificationConfig config) {
        String url = config.dashboardUrl();
        this.dashboard = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String alert(String subscriptionId, String alertId) {
        return dashboard + "/alerts/" + subscriptionId + "/" + alertId;
    }

    public String alerts() {
        return dashboard + "/alerts";
    }
}
