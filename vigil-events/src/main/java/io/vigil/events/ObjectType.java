package io.vigil.events;

public enum ObjectType {
    SECRET, KEY, CERTIFICATE, VAULT, POLICY, OTHER
}
