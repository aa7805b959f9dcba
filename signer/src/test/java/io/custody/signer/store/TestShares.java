package io.custody.signer.store;

import java.util.Arrays;
import java.util.UUID;

/** Recognisable fake ciphertext: the store never looks inside, so any bytes do. */
final class TestShares {
    private TestShares() {}

    static String newWallet() {
        return "wallet-" + UUID.randomUUID();
    }

    static StoredShare share(String walletId, String nodeId, int version) {
        byte[] publicKey = new byte[StoredShare.PUBLIC_KEY_LENGTH];
        Arrays.fill(publicKey, (byte) 0x11);
        publicKey[0] = 0x02;
        byte[] sealed = filled(96, version);
        byte[] wrapped = filled(184, 0x40 + version);
        return new StoredShare(walletId, nodeId, version, publicKey, sealed, wrapped,
                new KmsKeyRef("arn:aws:kms:eu-west-1:111122223333:key/test", 1));
    }

    /** A share of a governed wallet: governance bytes and a chain code beside the blob. */
    static StoredShare governedShare(String walletId, String nodeId, int version) {
        StoredShare plain = share(walletId, nodeId, version);
        return new StoredShare(walletId, nodeId, version, plain.publicKey(), plain.sealedShare(),
                plain.wrappedDataKey(), plain.kmsKey(), filled(70, 0x0a), filled(32, 0x77));
    }

    private static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
