package io.custody.enclave.attest;

import io.custody.proto.enclave.NodeIdentityPcr;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of a document that passed every check of an {@link AttestationVerifier}. Byte
 * arrays are copied in and out; {@code publicKey}, {@code userData} and {@code nonce} are {@code
 * null} when the document left them out.
 *
 * @param moduleId the issuing module ("i-…-enc…" on Nitro, {@value DevAttestor#MODULE_ID} in dev)
 * @param timestamp when the document was made
 * @param pcrs every PCR in the document, by index
 * @param certificate the leaf that signed the document
 */
public record VerifiedAttestation(
        String moduleId,
        Instant timestamp,
        Map<Integer, byte[]> pcrs,
        byte[] publicKey,
        byte[] userData,
        byte[] nonce,
        X509Certificate certificate) {

    public VerifiedAttestation {
        Objects.requireNonNull(moduleId, "moduleId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(certificate, "certificate");
        pcrs = copy(pcrs);
        publicKey = publicKey == null ? null : publicKey.clone();
        userData = userData == null ? null : userData.clone();
        nonce = nonce == null ? null : nonce.clone();
    }

    @Override
    public Map<Integer, byte[]> pcrs() {
        return copy(pcrs);
    }

    /** The value of one PCR, or {@code null} if the document does not have it. */
    public byte[] pcr(int index) {
        byte[] value = pcrs.get(index);
        return value == null ? null : value.clone();
    }

    /**
     * The node identity the enclave bound at boot: PCR16 ({@link NodeIdentityPcr}), or {@code null}
     * if the document has none (an enclave that never bound one, or another kind of enclave).
     */
    public byte[] nodeIdentityPcr() {
        return pcr(NodeIdentityPcr.INDEX);
    }

    /** Whether this document attests an enclave of node {@code nodeId} (constant-time compare). */
    public boolean attestsNode(String nodeId) {
        return NodeIdentityPcr.attests(pcrs.get(NodeIdentityPcr.INDEX), nodeId);
    }

    @Override
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    @Override
    public byte[] userData() {
        return userData == null ? null : userData.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce == null ? null : nonce.clone();
    }

    @Override
    public String toString() {
        return "VerifiedAttestation[moduleId=" + moduleId + ", timestamp=" + timestamp
                + ", pcrs=" + pcrs.keySet() + ", publicKey=" + present(publicKey)
                + ", userData=" + present(userData) + ", nonce=" + present(nonce) + "]";
    }

    private static SortedMap<Integer, byte[]> copy(Map<Integer, byte[]> pcrs) {
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        pcrs.forEach((index, value) -> copy.put(index, value.clone()));
        return Collections.unmodifiableSortedMap(copy);
    }

    private static String present(byte[] value) {
        return value == null ? "absent" : value.length + " bytes";
    }
}
