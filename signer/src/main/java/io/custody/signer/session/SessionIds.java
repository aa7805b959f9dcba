package io.custody.signer.session;

import io.custody.proto.enclave.v1.Protocol;

/**
 * The session id every enclave derives from its {@code SessionStart}
 * ({@link io.custody.proto.enclave.SessionIds}); the parent needs it only to route round messages.
 */
public final class SessionIds {
    private SessionIds() {}

    public static byte[] derive(Protocol protocol, String walletId, int threshold, int shareCount, int[] parties,
                                String requestId) {
        return io.custody.proto.enclave.SessionIds.derive(protocol.getNumber(), walletId, threshold, shareCount,
                parties, requestId);
    }
}
