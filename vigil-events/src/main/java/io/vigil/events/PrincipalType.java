package io.vigil.events;

public enum PrincipalType {
    USER, APPLICATION, SERVICE, ANONYMOUS, UNKNOWN
}
