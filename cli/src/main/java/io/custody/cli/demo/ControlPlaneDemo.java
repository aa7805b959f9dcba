package io.custody.cli.demo;

import com.google.protobuf.ByteString;
import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import io.custody.cli.grpc.Waits;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.admin.v1.VerifyAuditChainResponse;
import io.custody.proto.v1.AddressFormat;
import io.custody.proto.v1.CreateWalletRequest;
import io.custody.proto.v1.Curve;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.DeriveAddressRequest;
import io.custody.proto.v1.EcdsaSignature;
import io.custody.proto.v1.GetSigningRequestRequest;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.PersonalMessage;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletGovernance;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The demo through the control plane's gRPC APIs, as a client and an operator would do it: the
 * operator (the key {@code dev up} generated for {@code --admin-key-file}) registers a fresh API
 * client key; the client creates a wallet governed by that key (the control plane runs the DKG
 * and activation over NATS), then asks it to sign a personal message (EIP-191). Every mutating
 * request carries its Ed25519 signature; the enclaves check the client's signature themselves.
 */
final class ControlPlaneDemo {
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Duration DKG_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SIGN_TIMEOUT = Duration.ofSeconds(60);

    private ControlPlaneDemo() {}

    /** The verified signature and its wallet. */
    record Outcome(String address, BigInteger r, BigInteger s, int recoveryId, String walletId, byte[] publicKey,
                   RequestKey apiClient) {}

    static Outcome run(ControlPlaneClient client, RequestKey operator, String message, PrintWriter out) {
        try {
            RequestKey apiClient = RequestKey.generate();
            say(out, "through the control plane at " + client.address() + " (gRPC): registering API client key "
                    + apiClient.keyId().substring(0, 19) + "… (signed by the operator key)");
            client.admin(CALL).registerApiClient(operator.sign(AdminServiceGrpc.getRegisterApiClientMethod(),
                    RegisterApiClientRequest.newBuilder().setIdempotencyKey("demo-client-" + UUID.randomUUID())
                            .setDisplayName("custodyctl dev demo").addKeys(apiClient.publicKey()).build()));

            long start = System.nanoTime();
            say(out, "CreateWallet, governed by that key: DKG on every node, then activation …");
            Operation started = client.custody(CALL).createWallet(apiClient.sign(CustodyServiceGrpc.getCreateWalletMethod(),
                    CreateWalletRequest.newBuilder().setIdempotencyKey("demo-wallet-" + UUID.randomUUID())
                            .setDisplayName("dev demo").setCurve(Curve.CURVE_SECP256K1)
                            .setGovernance(WalletGovernance.newBuilder().addSigningKeys(apiClient.publicKey()))
                            .build()));
            Operation done = awaitOperation(client, started.getName());
            if (!done.hasWallet()) {
                throw new ClusterFailure("CreateWallet failed: " + done.getError());
            }
            Wallet wallet = done.getWallet();
            byte[] publicKey = wallet.getPublicKey().toByteArray();
            String address = EthereumSignature.address(publicKey);
            say(out, String.format(Locale.ROOT, "  wallet %s %s, %d-of-%d, share version %d (%.1f s)",
                    wallet.getWalletId(), wallet.getState().name().replace("WALLET_STATE_", ""), wallet.getThreshold(),
                    wallet.getShareCount(), wallet.getShareVersion(), seconds(start)));
            say(out, "  public key " + HexFormat.of().formatHex(publicKey));
            String derived = client.custody(CALL).deriveAddress(DeriveAddressRequest.newBuilder()
                    .setWalletId(wallet.getWalletId()).setFormat(AddressFormat.ADDRESS_FORMAT_ETHEREUM).build())
                    .getAddress().getAddress();
            if (!derived.equalsIgnoreCase(address)) {
                throw new ClusterFailure("DeriveAddress says " + derived + ", BouncyCastle computes " + address);
            }
            say(out, "  Ethereum address " + address);

            start = System.nanoTime();
            byte[] hash = EthereumSignature.personalMessageHash(message);
            say(out, "SignMessage personal_sign(\"" + message + "\") = " + HexFormat.of().formatHex(hash) + " …");
            SigningRequest accepted = client.custody(CALL).signMessage(apiClient.sign(
                    CustodyServiceGrpc.getSignMessageMethod(), SignMessageRequest.newBuilder()
                            .setIdempotencyKey("demo-sign-" + UUID.randomUUID()).setWalletId(wallet.getWalletId())
                            .setPersonalMessage(PersonalMessage.newBuilder()
                                    .setMessage(ByteString.copyFromUtf8(message)))
                            .build())).getSigningRequest();
            if (!Arrays.equals(hash, accepted.getDigest().toByteArray())) {
                throw new ClusterFailure("the control plane signs digest " + HexFormat.of().formatHex(
                        accepted.getDigest().toByteArray()) + ", not the EIP-191 hash computed here");
            }
            SigningRequest signed = awaitSigning(client, accepted.getRequestId(), SIGN_TIMEOUT);
            if (signed.getState() != SigningRequestState.SIGNING_REQUEST_STATE_SIGNED) {
                throw new ClusterFailure("signing request " + signed.getRequestId() + " " + signed.getState() + ": "
                        + signed.getFailure());
            }
            say(out, String.format(Locale.ROOT, "  request %s SIGNED (%.1f s)", signed.getRequestId(), seconds(start)));

            EcdsaSignature signature = signed.getResult().getSignature();
            BigInteger r = new BigInteger(1, signature.getR().toByteArray());
            BigInteger s = new BigInteger(1, signature.getS().toByteArray());
            if (!EthereumSignature.verifies(publicKey, hash, r, s) || !EthereumSignature.isLowS(s)) {
                throw new ClusterFailure("the signature does NOT verify (low s) under the wallet's public key");
            }
            int recoveryId = EthereumSignature.recoveryId(publicKey, hash, r, s);
            if (recoveryId != signature.getRecoveryId()) {
                throw new ClusterFailure("recovery id " + signature.getRecoveryId() + " reported, " + recoveryId
                        + " recovers the wallet's key");
            }
            VerifyAuditChainResponse audit = client.admin(CALL).verifyAuditChain(
                    VerifyAuditChainRequest.getDefaultInstance());
            if (!audit.getValid()) {
                throw new ClusterFailure("the audit chain does not verify: " + audit);
            }
            say(out, String.format(Locale.ROOT, "  audit chain verified, events %d..%d", audit.getFromSequence(),
                    audit.getToSequence()));
            return new Outcome(address, r, s, recoveryId, wallet.getWalletId(), publicKey, apiClient);
        } catch (StatusRuntimeException e) {
            throw new ClusterFailure("the control plane refused: " + e.getStatus() + " (its log: logs/control-plane.log)",
                    e);
        }
    }

    private static Operation awaitOperation(ControlPlaneClient client, String name) {
        return Waits.operation(() -> client.custody(CALL), name, DKG_TIMEOUT, op -> { });
    }

    static SigningRequest awaitSigning(ControlPlaneClient client, String requestId, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            SigningRequest request = client.custody(CALL).getSigningRequest(GetSigningRequestRequest.newBuilder()
                    .setRequestId(requestId).build()).getSigningRequest();
            if (request.getState() == SigningRequestState.SIGNING_REQUEST_STATE_SIGNED
                    || request.getState() == SigningRequestState.SIGNING_REQUEST_STATE_FAILED) {
                return request;
            }
            if (System.nanoTime() > until) {
                throw new ClusterFailure("signing request " + requestId + " still " + request.getState() + " after "
                        + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterFailure("interrupted", e);
        }
    }

    static void say(PrintWriter out, String line) {
        out.println("[demo] " + line);
        out.flush();
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
