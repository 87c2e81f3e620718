package io.vigil.events;

/** Alert severities as Defender names them; ordered so that {@code compareTo} means "less severe than". */
public enum Severity {
    INFORMATIONAL, LOW, MEDIUM, HIGH;

    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    /** "Medium" rather than "MEDIUM", for subjects and dashboards. */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
