package io.vigil.alert.rest;

import java.util.List;

import io.vigil.alert.domain.SettingsDraft;

/**
 * The whole settings document. The plan and trusted networks are required so a partial body cannot reset them; a
 * section left out stays as it is, so a client that predates it cannot erase it (send {@code []} to clear a list).
 */
public record SettingsRequest(Boolean protectionEnabled, List<String> trustedNetworks,
        List<SettingsDraft.ExceptionEntry> detectionExceptions, SettingsDraft.Notifications notifications,
        List<SettingsDraft.Export> exports) {
}
