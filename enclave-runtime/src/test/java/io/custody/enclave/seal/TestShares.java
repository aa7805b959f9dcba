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

    /** A chain code that belongs to no test share. */
    static final byte[] CHAIN_CODE = HexFormat.of()
            .parseHex("873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508");
    /** Ungoverned: no governance bytes. */
    static final byte[] NO_GOVERNANCE = new byte[0];

    static ShareAad aad(byte[] publicKey) {
        return aad(publicKey, CHAIN_CODE);
    }

    static ShareAad aad(byte[] publicKey, byte[] chainCode) {
        return new ShareAad("wallet-7f3a", "node-1", 1, publicKey, chainCode, NO_GOVERNANCE);
    }

    /** Associated data naming {@code share} exactly, as the vault seals it (ungoverned). */
    static ShareAad aad(KeyShare share) {
        return aad(share.publicKey(), share.chainCode());
    }

    /** {@code share}, ungoverned, as the cache holds it. */
    static OpenedShare opened(KeyShare share) {
        return new OpenedShare(share, io.custody.enclave.authz.Governance.UNGOVERNED);
    }

    static void closeAll(List<KeyShare> shares) {
        if (shares != null) {
            shares.forEach(KeyShare::close);
        }
    }
}
