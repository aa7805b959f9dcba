package io.custody.control.signing;

import io.custody.control.ControlPlaneException;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;

/**
 * The 32-byte digest a signing request signs, computed from its typed payload as signing.proto
 * defines it (the enclaves recompute it themselves and refuse a SignJob whose digest differs).
 */
public final class Digests {

    private Digests() {}

    public static byte[] of(SignDigestRequest request) {
        return request.getRawDigest().getDigest().toByteArray();
    }

    public static byte[] of(SignEthereumTransactionRequest request) {
        throw new ControlPlaneException.Unimplemented("Ethereum transaction digests are not built into this "
                + "control plane yet (they arrive with io.custody.proto.ethereum.SigningPayloads)");
    }

    public static byte[] of(SignMessageRequest request) {
        throw new ControlPlaneException.Unimplemented("EIP-191 message digests are not built into this "
                + "control plane yet (they arrive with io.custody.proto.ethereum.SigningPayloads)");
    }
}
