package io.custody.control.signing;

import io.custody.control.auth.Authenticated;

/**
 * A validated, authenticated signing request: the request bytes exactly as received (signature
 * included) and the digest computed from its payload.
 */
public record SignCommand(Authenticated caller, SignKind kind, String idempotencyKey, String walletId,
        byte[] requestBytes, byte[] digest) {

    public SignCommand {
        requestBytes = requestBytes.clone();
        digest = digest.clone();
        if (digest.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
    }
}
