package io.custody.enclave.attest;

import io.custody.proto.enclave.NodeIdentityPcr;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An attestor for developer machines: same document format as Nitro, signed by a fresh P-384 key
 * whose certificate is issued by the {@linkplain DevRoot DEV root}.
 *
 * <p><b>No security.</b> The dev root's private key is derived from a public seed, so anyone can
 * forge these documents. A verifier accepts them only when its policy explicitly enables dev
 * mode, which production never does.
 */
public final class DevAttestor implements Attestor {

    public static final String MODULE_ID = "custody-dev-enclave";

    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Duration LIFETIME = Duration.ofHours(24);

    private final KeyPair leafKey;
    private final byte[] leafCertificate;
    private final List<byte[]> cabundle;
    private final SortedMap<Integer, byte[]> pcrs;
    private final Clock clock;

    DevAttestor(DevRoot root, Map<Integer, byte[]> pcrs, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pcrs = new TreeMap<>();
        pcrs.forEach((index, value) -> this.pcrs.put(index, value.clone()));
        this.leafKey = newP384KeyPair();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        this.leafCertificate = root.issueLeaf(
                leafKey.getPublic(),
                "CN=" + MODULE_ID + ",O=Custody DEV (NOT FOR PRODUCTION)",
                new BigInteger(127, new SecureRandom()).setBit(126),
                now.minus(BACKDATE),
                now.plus(LIFETIME));
        this.cabundle = List.of(root.certificateDer());
    }

    /**
     * A dev attestor for this process: new leaf key, the shared dev root, the given PCRs, and PCR16
     * = the identity of {@code nodeId} computed exactly as the NSM would after the enclave's
     * ExtendPCR ({@link NodeIdentityPcr}).
     */
    public static DevAttestor start(Measurements measurements, String nodeId) {
        return new DevAttestor(DevRoot.instance(), withNodeIdentity(measurements.asPcrs(), nodeId), Clock.systemUTC());
    }

    /** {@code pcrs} plus PCR16 for {@code nodeId}. */
    static Map<Integer, byte[]> withNodeIdentity(Map<Integer, byte[]> pcrs, String nodeId) {
        Map<Integer, byte[]> all = new TreeMap<>(pcrs);
        all.put(NodeIdentityPcr.INDEX, NodeIdentityPcr.value(nodeId));
        return all;
    }

    @Override
    public byte[] attest(byte[] nonce, byte[] userData, byte[] publicKey) {
        AttestationRequest request = new AttestationRequest(nonce, userData, publicKey);
        AttestationDocument document = new AttestationDocument(
                MODULE_ID,
                clock.millis(),
                pcrs,
                leafCertificate,
                cabundle,
                request.publicKey(),
                request.userData(),
                request.nonce());
        byte[] payload = document.encode();
        byte[] signature = sign(CoseSign1.toBeSigned(CoseSign1.ES384_PROTECTED_HEADER, payload));
        return CoseSign1.es384(payload, signature).encode();
    }

    @Override
    public String toString() {
        return "DevAttestor[" + MODULE_ID + ", INSECURE dev root, leaf key not shown]";
    }

    private byte[] sign(byte[] toBeSigned) {
        try {
            Signature es384 = Signature.getInstance("SHA384withECDSAinP1363Format");
            es384.initSign(leafKey.getPrivate());
            es384.update(toBeSigned);
            return es384.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES384 signing failed", e);
        }
    }

    private static KeyPair newP384KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-384 keys", e);
        }
    }
}
