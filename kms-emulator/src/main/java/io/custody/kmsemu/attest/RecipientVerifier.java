package io.custody.kmsemu.attest;

import io.custody.enclave.attest.AttestationException;
import io.custody.enclave.attest.AttestationVerifier;
import io.custody.enclave.attest.UntrustedRootException;
import io.custody.enclave.attest.VerificationPolicy;
import io.custody.enclave.attest.VerifiedAttestation;
import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks a request's {@code Recipient.AttestationDocument} the way KMS does: signature, chain to a
 * trusted root, freshness; then takes its PCRs and its RSA public key. Which PCR values are
 * acceptable is the key policy's business, not this class's: the {@link VerificationPolicy} it
 * builds pins PCR0 to the document's own claim (the policy type requires a pin), and the verified
 * PCRs are handed on to the key policy.
 *
 * <p>Trusted roots: the AWS Nitro Enclaves Root G1 always; the DEV root only when the emulator was
 * started with {@code --dev-attestation}.
 */
public final class RecipientVerifier {
    public static final String RSAES_OAEP_SHA_256 = "RSAES_OAEP_SHA_256";

    private final boolean devAttestation;
    private final Duration maxAge;
    private final Clock clock;

    public RecipientVerifier(boolean devAttestation, Duration maxAge, Clock clock) {
        this.devAttestation = devAttestation;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RecipientAttestation verify(byte[] document, String keyEncryptionAlgorithm) {
        if (!RSAES_OAEP_SHA_256.equals(keyEncryptionAlgorithm)) {
            throw new KmsEmulatorException(KmsErrorCode.VALIDATION,
                    "Recipient.KeyEncryptionAlgorithm must be " + RSAES_OAEP_SHA_256);
        }
        byte[] claimedPcr0 = DocumentPeek.claimedPcr0(document).orElseThrow(() -> new KmsEmulatorException(
                KmsErrorCode.VALIDATION, "Recipient.AttestationDocument is not a readable attestation document"));
        VerifiedAttestation verified = verifySignatureChainAndFreshness(document, claimedPcr0);
        byte[] spki = verified.publicKey();
        if (spki == null) {
            throw new KmsEmulatorException(KmsErrorCode.VALIDATION,
                    "Recipient attestation document carries no public_key");
        }
        SortedMap<Integer, String> pcrs = new TreeMap<>();
        verified.pcrs().forEach((index, value) -> pcrs.put(index, HexFormat.of().formatHex(value)));
        return new RecipientAttestation(pcrs, rsaKey(spki));
    }

    private VerifiedAttestation verifySignatureChainAndFreshness(byte[] document, byte[] claimedPcr0) {
        VerificationPolicy.Builder policy = VerificationPolicy.production()
                .allowPcr(0, claimedPcr0)
                .maxAge(maxAge)
                .clock(clock);
        if (devAttestation) {
            policy.enableInsecureDevMode();
        }
        try {
            return new AttestationVerifier(policy.build()).verify(document, null);
        } catch (UntrustedRootException e) {
            String hint = devAttestation ? "" : " (documents from the DEV attestation root are accepted only"
                    + " when the emulator runs with --dev-attestation)";
            throw new KmsEmulatorException(KmsErrorCode.ACCESS_DENIED,
                    "Recipient attestation document rejected: " + e.getMessage() + hint);
        } catch (AttestationException e) {
            throw new KmsEmulatorException(KmsErrorCode.ACCESS_DENIED,
                    "Recipient attestation document rejected: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new KmsEmulatorException(KmsErrorCode.VALIDATION,
                    "Recipient attestation document has an unusable PCR0: " + e.getMessage());
        }
    }

    private static RSAPublicKey rsaKey(byte[] spki) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
            RSAPublicKey rsa = (RSAPublicKey) key;
            if (rsa.getModulus().bitLength() < 2048) {
                throw new KmsEmulatorException(KmsErrorCode.VALIDATION,
                        "Recipient public key must be RSA of at least 2048 bits");
            }
            return rsa;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KmsEmulatorException(KmsErrorCode.VALIDATION,
                    "Recipient attestation public_key is not an RSA SubjectPublicKeyInfo");
        }
    }
}
