package io.custody.enclave.authz;

import java.util.List;

/**
 * What an authorised request makes the enclave sign: the 32-byte digest it recomputed from the
 * typed payload, with the key at this BIP-32 non-hardened path below the wallet's root (empty:
 * the root). Public data.
 */
public record SigningIntent(byte[] digest, List<Integer> derivationPath) {

    public SigningIntent {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
        digest = digest.clone();
        derivationPath = List.copyOf(derivationPath);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The path as the native derivation takes it (every index below 2^31, checked before). */
    public long[] nativePath() {
        return derivationPath.stream().mapToLong(Integer::toUnsignedLong).toArray();
    }
}
