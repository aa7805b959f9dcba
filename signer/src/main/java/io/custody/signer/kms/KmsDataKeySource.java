package io.custody.signer.kms;

import java.util.Map;
import java.util.Objects;

/** GenerateDataKey with the enclave as Recipient, bound to (wallet, node) by the encryption context. */
public final class KmsDataKeySource implements DataKeySource {
    /** The wallet a data key belongs to. */
    public static final String WALLET_CONTEXT_KEY = "custody:wallet";
    /** The node a data key belongs to; the key policy lets only that node's host use it. */
    public static final String NODE_CONTEXT_KEY = "custody:node";

    private final EnclaveKeyClient keys;

    public KmsDataKeySource(EnclaveKeyClient keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The encryption context a share's data key is bound to; Decrypt needs the same map. */
    public static Map<String, String> context(String walletId, String nodeId) {
        return Map.of(WALLET_CONTEXT_KEY, walletId, NODE_CONTEXT_KEY, nodeId);
    }

    @Override
    public DataKeyForEnclave dataKeyFor(String kmsKeyId, String walletId, String nodeId, byte[] attestationDocument)
            throws KeyServiceException {
        return keys.generateDataKey(kmsKeyId, attestationDocument, context(walletId, nodeId));
    }
}
