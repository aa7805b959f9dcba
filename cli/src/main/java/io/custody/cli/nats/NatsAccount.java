package io.custody.cli.nats;

/** The accounts of the messaging plane; an account is an isolated subject namespace. */
public enum NatsAccount {
    /** Control-plane instances; owns the JOBS and RESULTS streams. */
    CONTROL,
    /** Signer nodes; round messages live here and are never exported. */
    SIGNERS,
    /** The server's system account (monitoring, $SYS subjects). */
    SYS
}
