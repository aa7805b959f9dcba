package io.custody.enclave.seal;

/** Which opened share: a wallet and one of its share versions (a refresh makes the next one). */
public record ShareCacheKey(String walletId, int shareVersion) {

    public ShareCacheKey {
        ShareAad.requireIdentifier(walletId, "walletId", ShareAad.MAX_WALLET_ID_CHARS);
        if (shareVersion < 1) {
            throw new IllegalArgumentException("shareVersion must be at least 1, was " + shareVersion);
        }
    }

    /** The key of the share sealed under {@code aad}. */
    public static ShareCacheKey of(ShareAad aad) {
        return new ShareCacheKey(aad.walletId(), aad.shareVersion());
    }
}
