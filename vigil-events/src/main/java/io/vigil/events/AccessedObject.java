package io.vigil.events;

import java.time.Instant;

/** A secret, key or certificate an alert's caller touched: what a responder rotates. */
public record AccessedObject(String id, String name, String operation, Instant time) {
}
