package io.custody.control.signing;

import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;

/**
 * The 32-byte digest a signing request signs, computed from its typed payload as signing.proto
 * defines it, with {@link SigningPayloads} — the code the enclaves run to recompute it, so they
 * refuse a SignJob whose digest is not the payload's. Payloads are validated before this is called.
 */
public final class Digests {

    private Digests() {}

    public static byte[] of(SignDigestRequest request) {
        return request.getRawDigest().getDigest().toByteArray();
    }

    public static byte[] of(SignEthereumTransactionRequest request) {
        return SigningPayloads.digest(request.getEthereumTransaction());
    }

    public static byte[] of(SignMessageRequest request) {
        return SigningPayloads.digest(request.getPersonalMessage());
    }
}
