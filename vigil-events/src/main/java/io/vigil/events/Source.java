package io.vigil.events;

/** The vault product an access event was read from. */
public enum Source {
    AZURE_KEY_VAULT,
    HASHICORP_VAULT,
    AWS_SECRETS_MANAGER,
    AWS_KMS,
    /** Events already in Vigil's canonical form, e.g. from the simulator. */
    VIGIL
}
