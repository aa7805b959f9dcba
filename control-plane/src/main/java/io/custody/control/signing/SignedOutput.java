package io.custody.control.signing;

import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredWallet;
import io.custody.proto.ethereum.Bip32;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.mpc.v1.SignResult;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import java.util.List;
import java.util.Optional;

/**
 * Turns a node's SignResult into what a SIGNED request holds, after checking it: the signature
 * must recover the public key the request signs with (the wallet's root key, or its BIP-32 child
 * at the request's path). For an Ethereum transaction it also builds the signed raw transaction
 * and its hash.
 */
public final class SignedOutput {

    /** The signed output, or empty if the signature does not verify. */
    public Optional<StoredSigningRequest.Signed> signed(StoredSigningRequest request, StoredWallet wallet,
            SignResult sign) {
        SignKind kind = SignKind.ofMethod(request.method());
        var parsed = kind.parse(request.requestBytes());
        List<Integer> path = kind.derivationPath(parsed);
        byte[] r = sign.getR().toByteArray();
        byte[] s = sign.getS().toByteArray();
        if (path.size() > 0 && wallet.chainCode() == null) {
            return Optional.empty(); // no chain code, no child key: nothing to check it against
        }
        byte[] expected = path.isEmpty() ? wallet.publicKey()
                : Bip32.derivePublic(wallet.publicKey(), wallet.chainCode(), path).publicKey();
        if (!SignatureCheck.recovers(expected, request.digest(), r, s, sign.getRecoveryId())) {
            return Optional.empty();
        }
        byte[] signedTransaction = new byte[0];
        byte[] transactionHash = new byte[0];
        if (parsed instanceof SignEthereumTransactionRequest tx) {
            signedTransaction = SigningPayloads.signedTransaction(tx.getEthereumTransaction(), r, s, sign.getRecoveryId());
            transactionHash = SigningPayloads.transactionHash(signedTransaction);
        }
        return Optional.of(new StoredSigningRequest.Signed(r, s, sign.getRecoveryId(), signedTransaction,
                transactionHash, sign.getQuorumNodeIdsList()));
    }
}
