package io.vigil.events;

/**
 * @param id the vault's stable id: ARM resource id, ARN, or Vault cluster + mount
 * @param name what a responder calls it, e.g. {@code kv-prod}
 */
public record Vault(String id, String name) {
}
