package io.custody.enclave.attest;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies Nitro-format attestation documents against a {@link VerificationPolicy}. Holds no
 * enclave state and is safe to share between threads; other modules use it to decide whether
 * they are talking to a genuine enclave running the expected code.
 *
 * <p>Checks, in order (the first failure is thrown): COSE_Sign1 structure and alg ES384; the
 * payload's fields; {@code cabundle[0]} pinned by the policy; the chain from it to the leaf at the
 * document's time and at now; the ES384 signature under the leaf's P-384 key; freshness; the
 * nonce; the PCR allow-list.
 */
public final class AttestationVerifier {

    /** Larger than any document the NSM makes (its response buffer is 12 KiB). */
    public static final int MAX_DOCUMENT_BYTES = 32 * 1024;

    private static final int P384_FIELD_BITS = 384;

    private final VerificationPolicy policy;
    private final Set<String> trustedRoots;

    public AttestationVerifier(VerificationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        Set<String> roots = new HashSet<>(policy.trustedRootSha256());
        if (policy.devModeEnabled()) {
            roots.add(DevRoot.instance().sha256Fingerprint());
        }
        this.trustedRoots = Set.copyOf(roots);
    }

    /**
     * Returns the document's content if it passes every check of the policy.
     *
     * @param expectedNonce the nonce this verifier issued, or {@code null} to skip the nonce check
     */
    public VerifiedAttestation verify(byte[] document, byte[] expectedNonce)
            throws AttestationException {
        Objects.requireNonNull(document, "document");
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new MalformedDocumentException("document has " + document.length
                    + " bytes, more than " + MAX_DOCUMENT_BYTES);
        }
        CoseSign1 cose = CoseSign1.decode(document);
        AttestationDocument payload = AttestationDocument.decode(cose.payload());
        Instant issued = Instant.ofEpochMilli(payload.timestampMillis());
        Instant now = policy.clock().instant();

        X509Certificate leaf = CertificateChainValidator.validate(
                payload.cabundle(), payload.certificate(), trustedRoots, List.of(issued, now));
        checkSignature(cose, leaf.getPublicKey());
        checkFreshness(issued, now);
        checkNonce(payload.nonce(), expectedNonce);
        checkPcrs(payload.pcrs());

        return new VerifiedAttestation(payload.moduleId(), issued, payload.pcrs(),
                payload.publicKey(), payload.userData(), payload.nonce(), leaf);
    }

    @Override
    public String toString() {
        return "AttestationVerifier[devMode=" + policy.devModeEnabled() + ", roots=" + trustedRoots.size()
                + ", pcrs=" + policy.allowedPcrs().keySet() + "]";
    }

    private static void checkSignature(CoseSign1 cose, PublicKey key) throws AttestationException {
        if (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != P384_FIELD_BITS) {
            throw new ChainException("leaf certificate does not hold a P-384 key");
        }
        boolean valid;
        try {
            Signature es384 = Signature.getInstance("SHA384withECDSAinP1363Format");
            es384.initVerify(key);
            es384.update(cose.toBeSigned());
            valid = es384.verify(cose.signature());
        } catch (GeneralSecurityException e) {
            throw new BadSignatureException("ES384 signature cannot be checked", e);
        }
        if (!valid) {
            throw new BadSignatureException("ES384 signature does not verify under the leaf certificate");
        }
    }

    private void checkFreshness(Instant issued, Instant now) throws StaleDocumentException {
        if (issued.isAfter(now.plus(policy.clockSkew()))) {
            throw new StaleDocumentException(
                    "document timestamp " + issued + " is in the future (now " + now + ")");
        }
        if (issued.isBefore(now.minus(policy.maxAge()))) {
            throw new StaleDocumentException("document timestamp " + issued + " is older than "
                    + policy.maxAge() + " (now " + now + ")");
        }
    }

    private static void checkNonce(byte[] actual, byte[] expected) throws NonceMismatchException {
        if (expected == null) {
            return;
        }
        if (actual == null) {
            throw new NonceMismatchException("document carries no nonce, one was expected");
        }
        if (!MessageDigest.isEqual(actual, expected)) {
            throw new NonceMismatchException("document nonce differs from the expected nonce");
        }
    }

    private void checkPcrs(Map<Integer, byte[]> pcrs) throws PcrMismatchException {
        for (Map.Entry<Integer, Set<String>> pinned : policy.allowedPcrs().entrySet()) {
            byte[] value = pcrs.get(pinned.getKey());
            if (value == null) {
                throw new PcrMismatchException(
                        "document lacks PCR" + pinned.getKey() + ", which the policy pins");
            }
            String hex = HexFormat.of().formatHex(value);
            if (!pinned.getValue().contains(hex)) {
                throw new PcrMismatchException("PCR" + pinned.getKey() + " = " + hex + " is not allowed");
            }
        }
    }
}
