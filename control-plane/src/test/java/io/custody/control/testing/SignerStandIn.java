package io.custody.control.testing;

import com.google.protobuf.ByteString;
import io.custody.control.signing.SignatureCheck;
import io.custody.proto.mpc.v1.ActivateResult;
import io.custody.proto.mpc.v1.DkgResult;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobFailure;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.RefreshResult;
import io.custody.proto.mpc.v1.SignResult;
import io.custody.proto.nats.NatsSubjects;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PublishOptions;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import io.custody.control.signing.SignKind;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Scripted signer nodes for the control plane's tests: one NATS connection per node, each with
 * its own NKey on the SIGNERS account and its real permissions, pulling its own consumer
 * (DKG, refresh, activate) and, while signing is on, the shared pool; results go on the node's
 * own results subject with {@code Nats-Msg-Id = jobId/node/attempt}, as real nodes publish them.
 * No MPC: one in-memory secp256k1 key per wallet stands for the key the shares would form, so
 * signatures verify against the wallet's public key. The whole-system tests in tests/ run the
 * real signers and enclaves.
 */
public final class SignerStandIn implements AutoCloseable {

    /** How the nodes answer keygen jobs. */
    public enum KeygenMode { AGREE, DISAGREE, FAIL }

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH());
    private static final ConsumeOptions PULLS = ConsumeOptions.builder().expiresIn(2_000).build();

    private final TestNatsPlane plane;
    private final List<String> nodes;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final List<MessageConsumer> nodeConsumers = new CopyOnWriteArrayList<>();
    private final List<MessageConsumer> poolConsumers = new CopyOnWriteArrayList<>();
    private final Map<String, BigInteger> walletKeys = new ConcurrentHashMap<>();
    /** Every sign job message received, by job id (redeliveries and duplicates counted). */
    public final Map<String, AtomicInteger> signJobsReceived = new ConcurrentHashMap<>();
    public final List<Job> jobs = new CopyOnWriteArrayList<>();
    public volatile KeygenMode keygenMode = KeygenMode.AGREE;
    /** When set, sign jobs fail with this code (not retryable) instead of signing. */
    public volatile FailureCode signFailure;

    private SignerStandIn(TestNatsPlane plane, List<String> nodes) {
        this.plane = plane;
        this.nodes = List.copyOf(nodes);
    }

    /** Connects every node and consumes per-node jobs; signing starts with {@link #startSigning}. */
    public static SignerStandIn start(TestNatsPlane plane, List<String> nodes, boolean signing) throws Exception {
        SignerStandIn standIn = new SignerStandIn(plane, nodes);
        for (String node : nodes) {
            Connection c = plane.connect(node);
            standIn.connections.put(node, c);
            standIn.nodeConsumers.add(c.getConsumerContext(NatsSubjects.JOBS_STREAM, NatsSubjects.nodeConsumer(node),
                    TestNatsPlane.signerJetStream()).consume(PULLS, m -> standIn.onJob(node, m)));
        }
        if (signing) {
            standIn.startSigning();
        }
        return standIn;
    }

    /** Every node starts pulling sign jobs from the pool. */
    public synchronized void startSigning() throws Exception {
        if (!poolConsumers.isEmpty()) {
            return;
        }
        for (String node : nodes) {
            poolConsumers.add(connections.get(node).getConsumerContext(NatsSubjects.JOBS_STREAM,
                    NatsSubjects.POOL_CONSUMER, TestNatsPlane.signerJetStream()).consume(PULLS, m -> onJob(node, m)));
        }
    }

    /** The private key standing for wallet {@code walletId}'s shares. */
    public BigInteger key(String walletId) {
        return walletKeys.get(walletId);
    }

    private void onJob(String node, Message message) {
        try {
            Job job = Job.parseFrom(message.getData());
            jobs.add(job);
            int attempt = (int) message.metaData().deliveredCount();
            JobResult.Builder result = JobResult.newBuilder().setJobId(job.getJobId()).setNodeId(node).setAttempt(attempt);
            switch (job.getKindCase()) {
                case DKG -> {
                    if (keygenMode == KeygenMode.FAIL) {
                        result.setFailure(JobFailure.newBuilder().setCode(FailureCode.FAILURE_CODE_ENCLAVE_UNAVAILABLE)
                                .setMessage("scripted failure"));
                    } else {
                        String wallet = job.getDkg().getWalletId();
                        BigInteger key = walletKeys.computeIfAbsent(wallet, w -> randomKey());
                        byte[] digest = sha256((wallet + (keygenMode == KeygenMode.DISAGREE ? node : "")).getBytes());
                        result.setDkg(DkgResult.newBuilder().setPublicKey(ByteString.copyFrom(publicKey(key)))
                                .setShareVersion(1).setFinalBroadcastDigest(ByteString.copyFrom(digest))
                                .setChainCode(ByteString.copyFrom(sha256(("chain " + wallet).getBytes()))));
                    }
                }
                case REFRESH -> {
                    String wallet = job.getRefresh().getWalletId();
                    result.setRefresh(RefreshResult.newBuilder().setNewShareVersion(job.getRefresh().getShareVersion() + 1)
                            .setPublicKey(ByteString.copyFrom(publicKey(walletKeys.get(wallet))))
                            .setFinalBroadcastDigest(ByteString.copyFrom(sha256(("refresh " + job.getJobId()).getBytes()))));
                }
                case ACTIVATE -> result.setActivate(ActivateResult.newBuilder()
                        .setShareVersion(job.getActivate().getShareVersion())
                        .setRetiredShareVersion(job.getActivate().getShareVersion() - 1));
                case SIGN -> {
                    signJobsReceived.computeIfAbsent(job.getJobId(), id -> new AtomicInteger()).incrementAndGet();
                    FailureCode failure = signFailure;
                    if (failure != null) {
                        result.setFailure(JobFailure.newBuilder().setCode(failure).setMessage("scripted failure")
                                .setRetryable(false));
                    } else {
                        String wallet = job.getSign().getWalletId();
                        BigInteger key = childKey(walletKeys.get(wallet), sha256(("chain " + wallet).getBytes()),
                                SignKind.ofMethod(job.getSign().getRequest().getMethod()).derivationPath(
                                        SignKind.ofMethod(job.getSign().getRequest().getMethod())
                                                .parse(job.getSign().getRequest().getRequest().toByteArray())));
                        result.setSign(sign(key, job.getSign().getMessageHash().toByteArray(), List.of(node, "s2", "s3")));
                    }
                }
                default -> throw new IllegalStateException("unexpected job " + job);
            }
            JobResult done = result.build();
            connections.get(node).jetStream(TestNatsPlane.signerJetStream()).publish(NatsSubjects.resultSubject(node),
                    done.toByteArray(), PublishOptions.builder()
                            .messageId(done.getJobId() + "/" + node + "/" + done.getAttempt()).build());
            message.ack();
        } catch (Exception e) {
            e.printStackTrace();
            message.nak();
        }
    }

    /** A low-s ECDSA signature with its recovery id, as a quorum would report it. */
    public static SignResult sign(BigInteger key, byte[] hash, List<String> quorum) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key, DOMAIN));
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger s = rs[1].compareTo(CURVE.getN().shiftRight(1)) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
        byte[] r32 = fixed(rs[0]);
        byte[] s32 = fixed(s);
        byte[] pub = publicKey(key);
        int recovery = SignatureCheck.recovers(pub, hash, r32, s32, 0) ? 0 : 1;
        return SignResult.newBuilder().setR(ByteString.copyFrom(r32)).setS(ByteString.copyFrom(s32))
                .setRecoveryId(recovery).addAllQuorumNodeIds(new ArrayList<>(quorum)).setShareVersion(1)
                .setFinalBroadcastDigest(ByteString.copyFrom(sha256(hash))).build();
    }

    /** BIP-32 CKDpriv along a non-hardened path: what the enclaves' shares do together. */
    static BigInteger childKey(BigInteger key, byte[] chainCode, List<Integer> path) {
        BigInteger k = key;
        byte[] chain = chainCode;
        for (int index : path) {
            HMac mac = new HMac(new SHA512Digest());
            mac.init(new KeyParameter(chain));
            byte[] data = new byte[37];
            System.arraycopy(publicKey(k), 0, data, 0, 33);
            data[33] = (byte) (index >>> 24);
            data[34] = (byte) (index >>> 16);
            data[35] = (byte) (index >>> 8);
            data[36] = (byte) index;
            mac.update(data, 0, data.length);
            byte[] i = new byte[64];
            mac.doFinal(i, 0);
            k = new BigInteger(1, java.util.Arrays.copyOf(i, 32)).add(k).mod(CURVE.getN());
            chain = java.util.Arrays.copyOfRange(i, 32, 64);
        }
        return k;
    }

    public static byte[] publicKey(BigInteger key) {
        return CURVE.getG().multiply(key).normalize().getEncoded(true);
    }

    private static BigInteger randomKey() {
        SecureRandom random = new SecureRandom();
        BigInteger k;
        do {
            k = new BigInteger(256, random);
        } while (k.signum() == 0 || k.compareTo(CURVE.getN()) >= 0);
        return k;
    }

    private static byte[] fixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (MessageConsumer c : nodeConsumers) {
            c.stop();
        }
        for (MessageConsumer c : poolConsumers) {
            c.stop();
        }
        for (Connection c : connections.values()) {
            c.close();
        }
    }
}
