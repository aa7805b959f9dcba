package io.custody.signer.store;

import java.io.Serial;

/** No such share version for this node (or it belongs to another node, which looks the same). */
public final class ShareNotFoundException extends ShareStoreException {

    @Serial private static final long serialVersionUID = 1L;

    ShareNotFoundException(String walletId, String nodeId, int version) {
        super("no share version " + version + " of wallet " + walletId + " for node " + nodeId);
    }
}
