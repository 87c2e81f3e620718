package io.vigil.events;

/** What an operation does, independent of the vault product that logged it; detectors reason on these. */
public enum OperationKind {
    SECRET_READ,
    SECRET_LIST,
    SECRET_WRITE,
    SECRET_DELETE,
    PURGE,
    BACKUP,
    KEY_USE,
    KEY_MANAGE,
    CERTIFICATE,
    POLICY_CHANGE,
    VAULT_READ,
    VAULT_MANAGE,
    AUTH,
    OTHER
}
