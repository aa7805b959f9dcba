package io.custody.cli.nats;

import io.custody.cli.CustodyCliException;
import io.nats.client.NKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A user's NKey pair: the public key goes into nats-server.conf, the seed only into the user's
 * seed file. The seed is a capability: it is never printed ({@link #toString()} omits it), it is
 * handed out only to {@link SeedFiles}, and {@link #close()} zeroes it.
 */
public final class NkeyIdentity implements AutoCloseable {

    private final NatsUser user;
    private final String publicKey;
    private final char[] seed;
    private boolean closed;

    private NkeyIdentity(NatsUser user, String publicKey, char[] seed) {
        this.user = user;
        this.publicKey = publicKey;
        this.seed = seed;
    }

    /** A fresh user NKey from the platform's strong random source. */
    public static NkeyIdentity generate(NatsUser user) {
        Objects.requireNonNull(user, "user");
        NKey key = null;
        try {
            key = NKey.createUser(SecureRandom.getInstanceStrong());
            return new NkeyIdentity(user, new String(key.getPublicKey()), key.getSeed());
        } catch (IOException | GeneralSecurityException e) {
            throw new CustodyCliException.IoFailure("cannot generate an NKey for " + user.name(), e);
        } finally {
            if (key != null) {
                key.clear();
            }
        }
    }

    public NatsUser user() {
        return user;
    }

    /** The user's public NKey ("U..."), safe to publish. */
    public String publicKey() {
        return publicKey;
    }

    /** A copy of the seed for writing it out; the caller zeroes the copy. Package-private by design. */
    char[] seedCopy() {
        if (closed) {
            throw new IllegalStateException("identity closed");
        }
        return seed.clone();
    }

    @Override
    public void close() {
        Arrays.fill(seed, '\0');
        closed = true;
    }

    @Override
    public String toString() {
        return "NkeyIdentity[" + user.name() + "@" + user.account() + ", " + publicKey + "]";
    }
}
