package io.custody.cli.demo;

import com.google.protobuf.ByteString;
import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.dev.ClusterState;
import io.custody.cli.dev.ControlUser;
import io.custody.cli.dev.DevLayout;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import io.custody.cli.nats.SubjectPlan;
import io.custody.cli.nats.SubjectPlan.JobKind;
import io.custody.proto.mpc.v1.ActivateJob;
import io.custody.proto.mpc.v1.DkgJob;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SignJob;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.net.URI;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code dev demo}: through the control plane ({@link ControlPlaneDemo}) when the cluster has one;
 * otherwise what the control plane would do, by hand over NATS as {@code control-1} — a 3-of-5 DKG (one job per node; all n must report the same
 * public key and final broadcast digest), activation of the new shares on every node, then one
 * pool sign job for the EIP-191 hash of a message. The signature is checked here, independently
 * of the nodes, with BouncyCastle ({@link EthereumSignature}): it verifies under the wallet's key,
 * recovers to the wallet's address, and the address matches what the nodes reported.
 */
public final class DemoFlow {
    public static final String DEFAULT_MESSAGE = "Custody demo: hello, threshold ECDSA";
    private static final Duration DKG_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SIGN_TIMEOUT = Duration.ofSeconds(60);

    private DemoFlow() {}

    /**
     * Runs the flow — through the control plane if {@code dev up} started one, else straight over
     * NATS — and checks the signature; returns the wallet's Ethereum address. Any mismatch is a
     * {@link ClusterFailure}.
     */
    public static String run(DevLayout layout, String message, PrintWriter out) {
        return run(layout, message, Chain.NONE, out);
    }

    /**
     * Where the on-chain transfer goes: {@code rpc} an Ethereum JSON-RPC endpoint of a dev chain
     * whose first account is anvil's unlocked {@value EthereumTransfer#FUNDER} (null: start anvil
     * here if it is installed), {@code skip} no transfer at all.
     */
    public record Chain(URI rpc, boolean skip, String recipient, BigInteger valueWei) {
        public static final Chain NONE = new Chain(null, true, null, null);

        public Chain {
            recipient = recipient == null ? EthereumTransfer.DEFAULT_RECIPIENT : recipient;
            valueWei = valueWei == null ? EthereumTransfer.DEFAULT_VALUE : valueWei;
        }
    }

    /** As {@link #run(DevLayout, String, PrintWriter)}, then the EIP-1559 transfer on {@code chain}. */
    public static String run(DevLayout layout, String message, Chain chain, PrintWriter out) {
        ClusterState state = ClusterState.load(layout).orElseThrow(() -> new ClusterFailure(
                "no dev cluster recorded in " + layout.stateDir() + ": start one with `custodyctl dev up`"));
        if (state.get(ClusterState.STOPPED).isPresent()) {
            throw new ClusterFailure("the dev cluster in " + layout.stateDir() + " was stopped: `custodyctl dev up`");
        }
        ControlPlaneDemo.Outcome outcome;
        Optional<String> grpcPort = state.get(ClusterState.CONTROL_GRPC_PORT);
        if (grpcPort.isPresent()) {
            RequestKey operator = RequestKey.read(Path.of(state.require(ClusterState.ADMIN_KEY)),
                    Path.of(state.require(ClusterState.ADMIN_PUBLIC_KEY)));
            try (ControlPlaneClient client = ControlPlaneClient.loopback(Integer.parseInt(grpcPort.get()))) {
                outcome = ControlPlaneDemo.run(client, operator, message, out);
                printSignature(outcome, out);
                transfer(layout, client, outcome, chain, out);
            }
        } else {
            outcome = overNats(state, message, out);
            printSignature(outcome, out);
            if (!chain.skip()) {
                say(out, "no Ethereum transfer: it needs the control plane (SignEthereumTransaction), and this cluster"
                        + " has none");
            }
        }
        return outcome.address();
    }

    private static void printSignature(ControlPlaneDemo.Outcome outcome, PrintWriter out) {
        say(out, "  r " + String.format(Locale.ROOT, "%064x", outcome.r()));
        say(out, "  s " + String.format(Locale.ROOT, "%064x", outcome.s()) + ", v " + (27 + outcome.recoveryId()));
        say(out, "  signature " + EthereumSignature.ethereumHex(outcome.r(), outcome.s(), outcome.recoveryId()));
        say(out, "verified with BouncyCastle's ECDSA verifier: OK; it recovers to " + outcome.address() + ": OK");
    }

    /** The on-chain step: on the given endpoint, else on an anvil started here, else said to be skipped. */
    private static void transfer(DevLayout layout, ControlPlaneClient client, ControlPlaneDemo.Outcome outcome,
                                 Chain chain, PrintWriter out) {
        if (chain.skip()) {
            return;
        }
        try {
            if (chain.rpc() != null) {
                EthereumTransfer.run(client, outcome, new EthereumRpc(chain.rpc()), chain.recipient(),
                        chain.valueWei(), out);
                return;
            }
            Optional<Path> anvil = AnvilNode.find();
            if (anvil.isEmpty()) {
                say(out, "anvil (Foundry) is not installed (not on PATH, $ANVIL unset): NO on-chain transfer;"
                        + " the signature above is verified. Install it (curl -L https://foundry.paradigm.xyz | bash;"
                        + " foundryup, or .ci/run) to also sign, broadcast and mine an EIP-1559 transfer.");
                return;
            }
            Path log = layout.log("anvil");
            say(out, "starting " + anvil.get() + " (chain id " + AnvilNode.CHAIN_ID + ", log " + log + ") …");
            try (AnvilNode node = AnvilNode.start(anvil.get(), log)) {
                EthereumTransfer.run(client, outcome, node.rpc(), chain.recipient(), chain.valueWei(), out);
                say(out, "stopping anvil (pid " + node.pid() + ")");
            }
        } catch (StatusRuntimeException e) {
            throw new ClusterFailure("the control plane refused: " + e.getStatus()
                    + " (its log: logs/control-plane.log)", e);
        }
    }

    /** The demo as the control plane would run it, by hand over NATS as control-1 (a cluster without one). */
    private static ControlPlaneDemo.Outcome overNats(ClusterState state, String message, PrintWriter out) {
        List<String> nodes = state.nodes();
        int threshold = Integer.parseInt(state.require(ClusterState.THRESHOLD));
        String keyId = state.require(ClusterState.KMS_KEY_ID);
        String wallet = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        try (ControlUser control = ControlUser.connect(state);
                ResultInbox inbox = new ResultInbox(control.connection())) {
            JetStream js = control.connection().jetStream();

            long start = System.nanoTime();
            say(out, String.format(Locale.ROOT, "over NATS as control-1 (no control plane): DKG for wallet %s,"
                    + " %d-of-%d on %s …", wallet,
                    threshold, nodes.size(), String.join(", ", nodes)));
            Job dkg = Job.newBuilder().setJobId("dkg-" + wallet).setCreatedUnixMillis(System.currentTimeMillis())
                    .setDkg(DkgJob.newBuilder().setWalletId(wallet).setThreshold(threshold).setKmsKeyId(keyId)
                            .addAllNodeIds(nodes))
                    .build();
            List<JobResult> dkgResults = fanOut(js, inbox, dkg, JobKind.DKG, nodes, "the DKG");
            requireAll(dkgResults, JobResult::hasDkg, "the DKG");
            byte[] publicKey = agreed(dkgResults, r -> r.getDkg().getPublicKey(), "public key");
            agreed(dkgResults, r -> r.getDkg().getFinalBroadcastDigest(), "final broadcast digest");
            String address = EthereumSignature.address(publicKey);
            Set<String> reported = dkgResults.stream().map(r -> r.getDkg().getEthereumAddress())
                    .filter(a -> !a.isEmpty()).collect(Collectors.toSet());
            if (!reported.stream().allMatch(a -> a.equalsIgnoreCase(address))) {
                throw new ClusterFailure("the nodes report address " + reported + ", BouncyCastle computes " + address);
            }
            say(out, String.format(Locale.ROOT, "  public key %s, all %d nodes agree (%.1f s)",
                    HexFormat.of().formatHex(publicKey), nodes.size(), seconds(start)));
            say(out, "  Ethereum address " + address);

            start = System.nanoTime();
            int version = dkgResults.getFirst().getDkg().getShareVersion();
            Job activate = Job.newBuilder().setJobId("activate-" + wallet).setCreatedUnixMillis(System.currentTimeMillis())
                    .setActivate(ActivateJob.newBuilder().setWalletId(wallet).setShareVersion(version)
                            .setPublicKey(ByteString.copyFrom(publicKey)))
                    .build();
            requireAll(fanOut(js, inbox, activate, JobKind.ACTIVATE, nodes, "the activation"), JobResult::hasActivate,
                    "the activation");
            say(out, String.format(Locale.ROOT, "  share version %d active on all %d nodes (%.1f s)", version,
                    nodes.size(), seconds(start)));

            start = System.nanoTime();
            byte[] hash = EthereumSignature.personalMessageHash(message);
            say(out, "signing personal_sign(\"" + message + "\") = " + HexFormat.of().formatHex(hash)
                    + " with one pool job …");
            String signJobId = "sign-" + wallet;
            Job sign = Job.newBuilder().setJobId(signJobId).setCreatedUnixMillis(System.currentTimeMillis())
                    .setSign(SignJob.newBuilder().setWalletId(wallet).setMessageHash(ByteString.copyFrom(hash)))
                    .build();
            js.publish(SubjectPlan.poolJobSubject(JobKind.SIGN), sign.toByteArray(),
                    PublishOptions.builder().messageId(signJobId).build());
            List<JobResult> signed = inbox.await(signJobId, list -> list.stream().anyMatch(r -> r.hasSign()
                    || (r.hasFailure() && !r.getFailure().getRetryable())), SIGN_TIMEOUT, "the signature");
            JobResult first = signed.stream().filter(JobResult::hasSign).findFirst().orElseThrow(() ->
                    new ClusterFailure("signing failed: " + describe(signed)));
            BigInteger r = new BigInteger(1, first.getSign().getR().toByteArray());
            BigInteger s = new BigInteger(1, first.getSign().getS().toByteArray());
            say(out, String.format(Locale.ROOT, "  signed by %s (attempt %d, %.1f s)",
                    String.join(", ", first.getSign().getQuorumNodeIdsList()), first.getAttempt(), seconds(start)));

            if (!EthereumSignature.verifies(publicKey, hash, r, s)) {
                throw new ClusterFailure("the signature does NOT verify under the wallet's public key");
            }
            if (!EthereumSignature.isLowS(s)) { // Ethereum takes only low s (EIP-2); same signature, other half
                s = EthereumSignature.otherS(s);
            }
            int recoveryId = EthereumSignature.recoveryId(publicKey, hash, r, s);
            if (recoveryId < 0) {
                throw new ClusterFailure("the signature verifies but recovers to no point of the wallet's key");
            }
            return new ControlPlaneDemo.Outcome(address, r, s, recoveryId, wallet, publicKey, null);
        } catch (java.io.IOException | io.nats.client.JetStreamApiException e) {
            throw new ClusterFailure("NATS: " + e.getMessage(), e);
        }
    }

    /** One copy of the job per node, on the node's own subject; waits until every node reported. */
    private static List<JobResult> fanOut(JetStream js, ResultInbox inbox, Job job, JobKind kind, List<String> nodes,
                                          String what) throws java.io.IOException, io.nats.client.JetStreamApiException {
        for (String node : nodes) {
            js.publish(SubjectPlan.jobSubject(node, kind), job.toByteArray(),
                    PublishOptions.builder().messageId(job.getJobId() + "/" + node).build());
        }
        return inbox.await(job.getJobId(), list -> list.stream().map(JobResult::getNodeId).distinct().count()
                >= nodes.size() || list.stream().anyMatch(r -> r.hasFailure() && !r.getFailure().getRetryable()),
                DKG_TIMEOUT, what);
    }

    private static void requireAll(List<JobResult> results, java.util.function.Predicate<JobResult> ok, String what) {
        if (!results.stream().allMatch(ok)) {
            throw new ClusterFailure(what + " failed: " + describe(results));
        }
    }

    private static byte[] agreed(List<JobResult> results, java.util.function.Function<JobResult, ByteString> field,
                                 String what) {
        Set<ByteString> values = results.stream().map(field).collect(Collectors.toSet());
        if (values.size() != 1) {
            throw new ClusterFailure("the nodes report " + values.size() + " different " + what + "s: the wallet is"
                    + " rejected");
        }
        return values.iterator().next().toByteArray();
    }

    /** Results, one per node, for an error message: outcome or failure code and message. */
    static String describe(List<JobResult> results) {
        if (results.isEmpty()) {
            return "none";
        }
        return results.stream().map(r -> r.getNodeId() + ": " + (r.hasFailure()
                ? r.getFailure().getCode() + " " + r.getFailure().getMessage()
                : r.getOutcomeCase().name().toLowerCase(Locale.ROOT))).collect(Collectors.joining("; "));
    }

    private static void say(PrintWriter out, String line) {
        out.println("[demo] " + line);
        out.flush();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
