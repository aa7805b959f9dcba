package io.custody.cli.dev;

import java.nio.file.Path;

/**
 * Where a dev cluster keeps its things, all under one state directory (default
 * {@code <checkout>/.custody/dev}): {@code cluster.properties} (what runs where), {@code logs/}
 * (one file per process), {@code nats/} (config, NKey seeds, JetStream store), {@code secrets/}
 * (0700: database and KMS credentials), {@code kms/} (the emulator's key state) and
 * {@code sockets/} (the enclaves' Unix sockets).
 */
public record DevLayout(Path stateDir) {
    public static final String STATE_FILE = "cluster.properties";

    public DevLayout {
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    /** The default: {@code <checkout>/.custody/dev}. */
    public static DevLayout defaultFor(Path checkoutRoot) {
        return new DevLayout(checkoutRoot.resolve(".custody").resolve("dev"));
    }

    public Path stateFile() {
        return stateDir.resolve(STATE_FILE);
    }

    public Path logs() {
        return stateDir.resolve("logs");
    }

    public Path log(String component) {
        return logs().resolve(component + ".log");
    }

    public Path nats() {
        return stateDir.resolve("nats");
    }

    public Path jetStream() {
        return nats().resolve("jetstream");
    }

    public Path secrets() {
        return stateDir.resolve("secrets");
    }

    /** Node role passwords, one {@code <node>.dbpass} each (written by the signer's ShareStoreAdminMain). */
    public Path dbPasswords() {
        return secrets().resolve("db");
    }

    public Path kms() {
        return stateDir.resolve("kms");
    }

    public Path sockets() {
        return stateDir.resolve("sockets");
    }

    public Path postgres() {
        return stateDir.resolve("postgres");
    }
}
