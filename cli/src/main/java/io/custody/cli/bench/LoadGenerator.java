package io.custody.cli.bench;

import com.google.protobuf.ByteString;
import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.demo.EthereumSignature;
import io.custody.cli.grpc.RequestKey;
import io.custody.cli.grpc.Waits;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.v1.AddressFormat;
import io.custody.proto.v1.CreateWalletRequest;
import io.custody.proto.v1.Curve;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.DeriveAddressRequest;
import io.custody.proto.v1.EcdsaSignature;
import io.custody.proto.v1.GetOperationRequest;
import io.custody.proto.v1.GetSigningRequestRequest;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.PersonalMessage;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletGovernance;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop signing load through the control plane's gRPC API: C workers, each sending its next
 * SignMessage (EIP-191, a distinct message per request, wallets taken round-robin) as soon as its
 * previous request reached SIGNED. A request's latency runs from the SignMessage call to the first
 * SIGNED state the client sees ({@code WatchSigningRequest}, or {@code GetSigningRequest} polled at a
 * short interval). Every signature is verified afterwards, off the clock, with BouncyCastle: it
 * verifies under the wallet's key with low s, and its recovery id recovers that key (the address).
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Duration CALL = Duration.ofSeconds(30);

    /** How a worker learns that its request is SIGNED. */
    public enum Wait { WATCH, POLL }

    /** A wallet under load: its key and the address DeriveAddress reported (checked against the key). */
    public record BenchWallet(String walletId, byte[] publicKey, String address) {}

    private final ManagedChannel channel;
    private final String target;
    private final PrintWriter out;
    private final Wait wait;
    private final Duration pollInterval;
    private final Duration requestTimeout;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    public LoadGenerator(String target, PrintWriter out, Wait wait, Duration pollInterval, Duration requestTimeout) {
        this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        this.target = target;
        this.out = out;
        this.wait = wait;
        this.pollInterval = pollInterval;
        this.requestTimeout = requestTimeout;
    }

    private CustodyServiceGrpc.CustodyServiceBlockingStub custody(Duration deadline) {
        return CustodyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A fresh Ed25519 API client key, registered by the operator. */
    public RequestKey registerClient(RequestKey operator) {
        RequestKey client = RequestKey.generate();
        try {
            AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
                    .registerApiClient(operator.sign(AdminServiceGrpc.getRegisterApiClientMethod(),
                            RegisterApiClientRequest.newBuilder().setIdempotencyKey("bench-client-" + UUID.randomUUID())
                                    .setDisplayName("custodyctl bench " + runId).addKeys(client.publicKey()).build()));
        } catch (StatusRuntimeException e) {
            throw refused("RegisterApiClient", e);
        }
        say("registered API client " + client.keyId().substring(0, 19) + "… at " + target + " (signed by the operator key)");
        return client;
    }

    /**
     * Creates {@code count} wallets governed by {@code client}, one after the other (each waits for
     * its operation): concurrent DKGs on a loaded dev machine can outlast the JOBS consumers'
     * ack_wait (30 s), and a redelivered DKG job then fails the operation ("session id already used").
     */
    public List<BenchWallet> createWallets(RequestKey client, int count, Duration timeoutEach) {
        long start = System.nanoTime();
        List<BenchWallet> wallets = new ArrayList<>();
        String quorum = "";
        try {
            for (int i = 0; i < count; i++) {
                String name = custody(CALL).createWallet(client.sign(CustodyServiceGrpc.getCreateWalletMethod(),
                        CreateWalletRequest.newBuilder().setIdempotencyKey("bench-wallet-" + UUID.randomUUID())
                                .setDisplayName("bench " + runId + " #" + i).setCurve(Curve.CURVE_SECP256K1)
                                .setGovernance(WalletGovernance.newBuilder().addSigningKeys(client.publicKey()))
                                .build())).getName();
                long until = System.nanoTime() + timeoutEach.toNanos();
                Operation op;
                while (!(op = custody(CALL).getOperation(GetOperationRequest.newBuilder().setName(name).build()))
                        .getDone()) {
                    if (System.nanoTime() > until) {
                        throw new ClusterFailure("operation " + name + " not done within " + timeoutEach.toSeconds()
                                + " s");
                    }
                    sleep(Duration.ofMillis(100));
                }
                if (!op.hasWallet()) {
                    throw new ClusterFailure("CreateWallet " + name + " failed: " + op.getError());
                }
                Wallet w = op.getWallet();
                quorum = w.getThreshold() + "-of-" + w.getShareCount();
                byte[] key = w.getPublicKey().toByteArray();
                String address = EthereumSignature.address(key);
                String derived = custody(CALL).deriveAddress(DeriveAddressRequest.newBuilder().setWalletId(w.getWalletId())
                        .setFormat(AddressFormat.ADDRESS_FORMAT_ETHEREUM).build()).getAddress().getAddress();
                if (!derived.equalsIgnoreCase(address)) {
                    throw new ClusterFailure("DeriveAddress says " + derived + ", the wallet's key gives " + address);
                }
                wallets.add(new BenchWallet(w.getWalletId(), key, address));
            }
            say(String.format(Locale.ROOT, "%d governed wallet(s) ACTIVE (%s) in %.1f s: %s", count, quorum,
                    (System.nanoTime() - start) / 1e9,
                    String.join(", ", wallets.stream().map(BenchWallet::address).toList())));
            return wallets;
        } catch (StatusRuntimeException e) {
            throw refused("CreateWallet", e);
        }
    }

    /**
     * {@code requests} signatures at concurrency {@code concurrency}; returns their latencies'
     * figures after checking every signature. Any request that fails or does not verify fails the run.
     */
    public LatencyStats run(RequestKey client, List<BenchWallet> wallets, int requests, int concurrency, String label) {
        long[] latencies = new long[requests];
        SigningRequest[] signed = new SigningRequest[requests];
        byte[][] hashes = new byte[requests][];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                workers.submit(() -> {
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < requests) {
                        try {
                            BenchWallet wallet = wallets.get(i % wallets.size());
                            String message = "custodyctl bench " + runId + " " + label + " #" + i;
                            hashes[i] = EthereumSignature.personalMessageHash(message);
                            SignMessageRequest request = client.sign(CustodyServiceGrpc.getSignMessageMethod(),
                                    SignMessageRequest.newBuilder().setIdempotencyKey("bench-" + UUID.randomUUID())
                                            .setWalletId(wallet.walletId()).setPersonalMessage(PersonalMessage
                                                    .newBuilder().setMessage(ByteString.copyFromUtf8(message)))
                                            .build());
                            long t0 = System.nanoTime();
                            SigningRequest accepted = custody(CALL).signMessage(request).getSigningRequest();
                            SigningRequest done = awaitTerminal(accepted);
                            latencies[i] = System.nanoTime() - t0;
                            signed[i] = done;
                        } catch (StatusRuntimeException e) {
                            failure.compareAndSet(null, refused("request " + i, e));
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                });
            }
        }
        long wall = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        for (int i = 0; i < requests; i++) {
            verify(wallets.get(i % wallets.size()), hashes[i], signed[i]);
        }
        return LatencyStats.of(latencies, wall);
    }

    private SigningRequest awaitTerminal(SigningRequest accepted) {
        String id = accepted.getRequestId();
        if (terminal(accepted)) {
            return accepted;
        }
        if (wait == Wait.WATCH) {
            return Waits.watchSigning(custody(requestTimeout), accepted, update -> { });
        }
        long until = System.nanoTime() + requestTimeout.toNanos();
        while (System.nanoTime() < until) {
            SigningRequest now = custody(CALL).getSigningRequest(GetSigningRequestRequest.newBuilder()
                    .setRequestId(id).build()).getSigningRequest();
            if (terminal(now)) {
                return now;
            }
            sleep(pollInterval);
        }
        throw new ClusterFailure("signing request " + id + " not terminal after " + requestTimeout.toSeconds() + " s");
    }

    private static boolean terminal(SigningRequest r) {
        return Waits.terminal(r);
    }

    /** The independent check of one signature: digest, ECDSA verification, low s, recovery of the wallet's key. */
    static void verify(BenchWallet wallet, byte[] hash, SigningRequest signed) {
        if (signed.getState() != SigningRequestState.SIGNING_REQUEST_STATE_SIGNED) {
            throw new ClusterFailure("signing request " + signed.getRequestId() + " " + signed.getState() + ": "
                    + signed.getFailure());
        }
        if (!Arrays.equals(hash, signed.getDigest().toByteArray())) {
            throw new ClusterFailure("request " + signed.getRequestId() + " signed digest "
                    + HexFormat.of().formatHex(signed.getDigest().toByteArray()) + ", not the EIP-191 hash sent");
        }
        EcdsaSignature sig = signed.getResult().getSignature();
        BigInteger r = new BigInteger(1, sig.getR().toByteArray());
        BigInteger s = new BigInteger(1, sig.getS().toByteArray());
        if (!EthereumSignature.verifies(wallet.publicKey(), hash, r, s) || !EthereumSignature.isLowS(s)) {
            throw new ClusterFailure("the signature of " + signed.getRequestId() + " does NOT verify (low s) under "
                    + wallet.address());
        }
        if (EthereumSignature.recoveryId(wallet.publicKey(), hash, r, s) != sig.getRecoveryId()) {
            throw new ClusterFailure("the signature of " + signed.getRequestId() + " with recovery id "
                    + sig.getRecoveryId() + " does not recover " + wallet.address());
        }
    }

    private static ClusterFailure refused(String what, StatusRuntimeException e) {
        return new ClusterFailure(what + ": the control plane refused: " + e.getStatus(), e);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterFailure("interrupted", e);
        }
    }

    private void say(String line) {
        out.println("[bench] " + line);
        out.flush();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
