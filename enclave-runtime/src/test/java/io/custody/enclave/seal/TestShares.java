package io.custody.enclave.seal;

import io.custody.dkls23.KeyShare;
import io.custody.dkls23.local.LocalParties;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Fixtures shared by the seal tests: real DKLs23 shares and valid associated data. */
final class TestShares {
    /** The secp256k1 generator, compressed: a valid public key that belongs to no test share. */
    static final byte[] GENERATOR = HexFormat.of()
            .parseHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");

    private TestShares() {}

    /** A fresh 2-of-{@code n} key (about a second); close the shares after use. */
    static List<KeyShare> dkg(int n) {
        byte[] sessionId = new byte[32];
        new SecureRandom().nextBytes(sessionId);
        return LocalParties.dkg(2, n, sessionId);
    }

    static ShareAad aad(byte[] publicKey) {
        return new ShareAad("wallet-7f3a", "node-1", 1, publicKey);
    }

    static void closeAll(List<KeyShare> shares) {
        if (shares != null) {
            shares.forEach(KeyShare::close);
        }
    }
}
