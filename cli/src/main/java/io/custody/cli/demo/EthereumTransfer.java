package io.custody.cli.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.Eip1559Transaction;
import io.custody.proto.v1.EcdsaSignature;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The demo's on-chain step: the wallet pays {@code value} wei to a recipient on a local dev chain
 * (anvil). The wallet is funded from the chain's first unlocked dev account; the EIP-1559
 * transaction (nonce, fees and chain id asked of the chain) is signed through the control plane
 * ({@code SignEthereumTransaction}) and checked here before it is broadcast: the digest and the
 * signed raw transaction are recomputed (RLP, Keccak-256), the signature verifies under the
 * wallet's key with low s and its y parity recovers the sender's address. Then
 * {@code eth_sendRawTransaction}, and the receipt must say status 1, from the wallet, to the
 * recipient, whose balance must have risen by the value.
 */
final class EthereumTransfer {
    /** anvil's first dev account (mnemonic "test test … junk"), unlocked: funds the wallet. */
    static final String FUNDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    /** anvil's second dev account, the default recipient. */
    static final String DEFAULT_RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    static final BigInteger DEFAULT_VALUE = new BigInteger("10000000000000000"); // 0.01 ETH
    private static final BigInteger FUNDING = new BigInteger("1000000000000000000"); // 1 ETH
    private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L); // 1 gwei
    private static final long GAS = 21_000;
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Duration MINED = Duration.ofSeconds(30);
    private static final Duration SIGN_TIMEOUT = Duration.ofSeconds(60);

    private EthereumTransfer() {}

    static void run(ControlPlaneClient client, ControlPlaneDemo.Outcome wallet, EthereumRpc rpc, String recipient,
                    BigInteger value, PrintWriter out) {
        BigInteger chainId = rpc.quantity("eth_chainId");
        say(out, "Ethereum transfer on " + rpc.endpoint() + " (chain id " + chainId + ")");

        JsonObject fund = new JsonObject();
        fund.addProperty("from", FUNDER);
        fund.addProperty("to", wallet.address());
        fund.addProperty("value", EthereumRpc.hex(FUNDING));
        String fundHash = rpc.call("eth_sendTransaction", fund).getAsString();
        JsonObject fundReceipt = rpc.awaitReceipt(fundHash, MINED);
        requireStatus1(fundReceipt, "the funding transaction " + fundHash);
        say(out, "  funded " + wallet.address() + " with " + eth(FUNDING) + " ETH from " + FUNDER + " (block "
                + EthereumRpc.quantity(fundReceipt.get("blockNumber")) + ")");

        long nonce = rpc.quantity("eth_getTransactionCount", wallet.address(), "pending").longValueExact();
        JsonObject history = rpc.call("eth_feeHistory", "0x1", "latest", new JsonArray()).getAsJsonObject();
        JsonArray baseFees = history.getAsJsonArray("baseFeePerGas");
        BigInteger nextBaseFee = EthereumRpc.quantity(baseFees.get(baseFees.size() - 1));
        BigInteger maxFee = nextBaseFee.shiftLeft(1).add(TIP);

        EthereumTransaction tx = EthereumTransaction.newBuilder().setChainId(chainId.longValueExact())
                .setEip1559(Eip1559Transaction.newBuilder().setNonce(nonce)
                        .setMaxPriorityFeePerGasWei(TIP.toString()).setMaxFeePerGasWei(maxFee.toString())
                        .setGasLimit(GAS).setTo(recipient).setValueWei(value.toString()))
                .build();
        List<byte[]> fields = fields(chainId, nonce, TIP, maxFee, recipient, value);
        byte[] digest = EthereumSignature.keccak256(Rlp.concat(new byte[] {2}, Rlp.list(fields)));
        say(out, String.format(Locale.ROOT, "SignEthereumTransaction EIP-1559: nonce %d, to %s, value %s wei,"
                + " max fee %s wei/gas (tip %s), gas %d = %s …", nonce, recipient, value, maxFee, TIP, GAS,
                HexFormat.of().formatHex(digest)));
        long start = System.nanoTime();
        SigningRequest accepted = client.custody(CALL).signEthereumTransaction(wallet.apiClient().sign(
                CustodyServiceGrpc.getSignEthereumTransactionMethod(), SignEthereumTransactionRequest.newBuilder()
                        .setIdempotencyKey("demo-tx-" + UUID.randomUUID()).setWalletId(wallet.walletId())
                        .setEthereumTransaction(tx).build())).getSigningRequest();
        if (!Arrays.equals(digest, accepted.getDigest().toByteArray())) {
            throw new ClusterFailure("the control plane signs digest " + HexFormat.of().formatHex(
                    accepted.getDigest().toByteArray()) + ", not the EIP-1559 signing hash computed here");
        }
        SigningRequest signed = ControlPlaneDemo.awaitSigning(client, accepted.getRequestId(), SIGN_TIMEOUT);
        if (signed.getState() != SigningRequestState.SIGNING_REQUEST_STATE_SIGNED) {
            throw new ClusterFailure("signing request " + signed.getRequestId() + " " + signed.getState() + ": "
                    + signed.getFailure());
        }
        say(out, String.format(Locale.ROOT, "  request %s SIGNED (%.1f s)", signed.getRequestId(),
                ControlPlaneDemo.seconds(start)));

        EcdsaSignature signature = signed.getResult().getSignature();
        BigInteger r = new BigInteger(1, signature.getR().toByteArray());
        BigInteger s = new BigInteger(1, signature.getS().toByteArray());
        byte[] publicKey = wallet.publicKey();
        if (!EthereumSignature.verifies(publicKey, digest, r, s) || !EthereumSignature.isLowS(s)) {
            throw new ClusterFailure("the transaction signature does NOT verify (low s) under the wallet's key");
        }
        int yParity = EthereumSignature.recoveryId(publicKey, digest, r, s);
        if (yParity < 0 || yParity != signature.getRecoveryId()) {
            throw new ClusterFailure("y parity " + signature.getRecoveryId() + " reported, " + yParity
                    + " recovers the wallet's key");
        }
        List<byte[]> signedFields = new ArrayList<>(fields);
        signedFields.add(Rlp.integer(yParity));
        signedFields.add(Rlp.integer(r));
        signedFields.add(Rlp.integer(s));
        byte[] raw = Rlp.concat(new byte[] {2}, Rlp.list(signedFields));
        byte[] hash = EthereumSignature.keccak256(raw);
        if (!Arrays.equals(raw, signed.getResult().getSignedTransaction().toByteArray())
                || !Arrays.equals(hash, signed.getResult().getTransactionHash().toByteArray())) {
            throw new ClusterFailure("the control plane's signed transaction differs from the one built here");
        }
        String txHash = "0x" + HexFormat.of().formatHex(hash);
        say(out, "  verified: the signature recovers (y parity " + yParity + ") to the sender " + wallet.address()
                + "; raw transaction and hash " + txHash + " match");

        String sent = rpc.call("eth_sendRawTransaction", "0x" + HexFormat.of().formatHex(raw)).getAsString();
        if (!sent.equalsIgnoreCase(txHash)) {
            throw new ClusterFailure("eth_sendRawTransaction answered " + sent + ", expected " + txHash);
        }
        JsonObject receipt = rpc.awaitReceipt(txHash, MINED);
        requireStatus1(receipt, "the transfer " + txHash);
        String from = receipt.get("from").getAsString();
        String to = receipt.get("to").getAsString();
        if (!from.equalsIgnoreCase(wallet.address()) || !to.equalsIgnoreCase(recipient)) {
            throw new ClusterFailure("the receipt says from " + from + " to " + to + ", expected " + wallet.address()
                    + " to " + recipient);
        }
        BigInteger block = EthereumRpc.quantity(receipt.get("blockNumber"));
        BigInteger before = EthereumRpc.quantity(rpc.call("eth_getBalance", recipient,
                EthereumRpc.hex(block.subtract(BigInteger.ONE))));
        BigInteger after = EthereumRpc.quantity(rpc.call("eth_getBalance", recipient, EthereumRpc.hex(block)));
        if (!after.subtract(before).equals(value)) {
            throw new ClusterFailure("the recipient's balance went from " + before + " to " + after + " wei, not up by "
                    + value);
        }
        say(out, "  mined in block " + block + " from " + EthereumSignature.checksum(from) + " to "
                + EthereumSignature.checksum(to) + " value " + eth(value) + " ETH (" + value + " wei), status 1; "
                + "recipient balance +" + value + " wei");
    }

    private static List<byte[]> fields(BigInteger chainId, long nonce, BigInteger tip, BigInteger maxFee,
                                       String to, BigInteger value) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(Rlp.integer(chainId));
        fields.add(Rlp.integer(nonce));
        fields.add(Rlp.integer(tip));
        fields.add(Rlp.integer(maxFee));
        fields.add(Rlp.integer(GAS));
        fields.add(Rlp.bytes(HexFormat.of().parseHex(to.substring(2))));
        fields.add(Rlp.integer(value));
        fields.add(Rlp.bytes(new byte[0]));
        fields.add(Rlp.list(List.of()));
        return fields;
    }

    private static void requireStatus1(JsonObject receipt, String what) {
        if (!EthereumRpc.quantity(receipt.get("status")).equals(BigInteger.ONE)) {
            throw new ClusterFailure(what + " was mined with status " + receipt.get("status") + ": " + receipt);
        }
    }

    private static String eth(BigInteger wei) {
        return new BigDecimal(wei).movePointLeft(18).stripTrailingZeros().toPlainString();
    }

    private static void say(PrintWriter out, String line) {
        ControlPlaneDemo.say(out, line);
    }
}
