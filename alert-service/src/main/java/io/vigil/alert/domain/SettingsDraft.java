package io.vigil.alert.domain;

import java.util.List;
import java.util.Map;

/**
 * Settings sections as an administrator sends them, before validation. Enumerations arrive as strings so that an
 * unknown value is a 422 naming its field rather than a shapeless 400.
 */
public final class SettingsDraft {

    private SettingsDraft() {
    }

    public record ExceptionEntry(String name, List<String> alertTypes, Map<String, List<String>> fields) {
    }

    public record Notifications(Boolean enabled, String minimumSeverity, List<String> emails, List<String> roles) {
    }

    public record Export(String name, String kind, String target, String minimumSeverity, List<String> alertTypes,
            String secretRef) {
    }
}
