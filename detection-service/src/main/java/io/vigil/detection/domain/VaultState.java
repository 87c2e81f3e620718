package io.vigil.detection.domain;

/** What is kept per vault besides its entity entries: its age and its hourly operation volume. */
public record VaultState(long firstSeen, long lastSeen, HourlyVolume volume) {
}
