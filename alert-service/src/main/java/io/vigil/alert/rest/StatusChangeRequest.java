package io.vigil.alert.rest;

import io.vigil.events.AlertStatus;

/** A responder's decision on an alert: the new status and why. */
public record StatusChangeRequest(AlertStatus status, String comment) {
}
