package io.custody.enclave.authz;

import com.google.protobuf.ByteString;
import io.custody.proto.v1.AccessListEntry;
import io.custody.proto.v1.Eip1559Transaction;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.LegacyTransaction;
import io.custody.proto.v1.PersonalMessage;
import io.custody.proto.v1.RawDigest;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Unsigned client requests with realistic payloads, for the enclave and whole-system tests. */
public final class TestRequests {

    private TestRequests() {}

    public static EthereumTransaction eip1559() {
        return EthereumTransaction.newBuilder()
                .setChainId(11155111)
                .setEip1559(Eip1559Transaction.newBuilder()
                        .setNonce(3)
                        .setMaxPriorityFeePerGasWei("1500000000")
                        .setMaxFeePerGasWei("40000000000")
                        .setGasLimit(21000)
                        .setTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
                        .setValueWei("10000000000000000")
                        .addAccessList(AccessListEntry.newBuilder()
                                .setAddress("0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae")
                                .addStorageKeys(ByteString.copyFrom(new byte[32]))))
                .build();
    }

    public static EthereumTransaction legacy() {
        return EthereumTransaction.newBuilder()
                .setChainId(1)
                .setLegacy(LegacyTransaction.newBuilder()
                        .setNonce(9)
                        .setGasPriceWei("20000000000")
                        .setGasLimit(21000)
                        .setTo("0x3535353535353535353535353535353535353535")
                        .setValueWei("1000000000000000000"))
                .build();
    }

    public static SignEthereumTransactionRequest transaction(String walletId, EthereumTransaction tx, List<Integer> path) {
        return SignEthereumTransactionRequest.newBuilder()
                .setIdempotencyKey("tx-" + tx.hashCode())
                .setWalletId(walletId)
                .addAllDerivationPath(path)
                .setEthereumTransaction(tx)
                .build();
    }

    public static SignMessageRequest message(String walletId, String text, List<Integer> path) {
        return SignMessageRequest.newBuilder()
                .setIdempotencyKey("msg-" + text.hashCode())
                .setWalletId(walletId)
                .addAllDerivationPath(path)
                .setPersonalMessage(PersonalMessage.newBuilder()
                        .setMessage(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
                .build();
    }

    public static SignDigestRequest digest(String walletId, byte[] digest) {
        return SignDigestRequest.newBuilder()
                .setIdempotencyKey("digest")
                .setWalletId(walletId)
                .setRawDigest(RawDigest.newBuilder().setDigest(ByteString.copyFrom(digest)))
                .build();
    }
}
