package io.custody.kmsemu.policy;

/** A statement's {@code Effect}. */
public enum Effect {
    ALLOW,
    DENY
}
