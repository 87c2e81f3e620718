package io.vigil.alert.rest;

import java.util.List;

/** The settings an administrator sets; both fields are required so a partial body cannot reset the other. */
public record SettingsRequest(Boolean protectionEnabled, List<String> trustedNetworks) {
}
