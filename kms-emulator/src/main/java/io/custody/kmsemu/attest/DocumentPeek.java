package io.custody.kmsemu.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads PCR0 out of an attestation document <em>without verifying anything</em>. The result is
 * used only to pin the {@code VerificationPolicy} that then checks the same document in full
 * (signature, chain, freshness); PCR values reach the key policy only from that verified result.
 */
final class DocumentPeek {
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private DocumentPeek() {}

    /** PCR0 as the unverified payload claims it, or empty if the document cannot be read. */
    static Optional<byte[]> claimedPcr0(byte[] document) {
        try {
            JsonNode cose = CBOR.readTree(document);
            if (cose == null || !cose.isArray() || cose.size() != 4 || !cose.get(2).isBinary()) {
                return Optional.empty();
            }
            JsonNode payload = CBOR.readTree(cose.get(2).binaryValue());
            JsonNode pcr0 = payload == null ? null : payload.path("pcrs").get("0");
            if (pcr0 == null || !pcr0.isBinary()) {
                return Optional.empty();
            }
            return Optional.of(pcr0.binaryValue());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
