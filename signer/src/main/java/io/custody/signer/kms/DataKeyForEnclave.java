package io.custody.signer.kms;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fresh AES-256 data key as KMS hands it to the signer host: two ciphertexts, never the key.
 *
 * @param keyArn the key KMS used, as it reports it (usually the full ARN)
 * @param ciphertextForRecipient CMS EnvelopedData for the enclave's attestation public key; hand
 *     it to the enclave, which alone can open it
 * @param ciphertextBlob the data key under the KMS key; store it beside the sealed share, so the
 *     enclave can later ask (through {@link EnclaveKeyClient#decryptForEnclave}) to unwrap it
 */
public record DataKeyForEnclave(String keyArn, byte[] ciphertextForRecipient, byte[] ciphertextBlob) {

    public DataKeyForEnclave {
        Objects.requireNonNull(keyArn, "keyArn");
        if (keyArn.isBlank()) {
            throw new IllegalArgumentException("keyArn must not be blank");
        }
        ciphertextForRecipient = nonEmptyCopy(ciphertextForRecipient, "ciphertextForRecipient");
        ciphertextBlob = nonEmptyCopy(ciphertextBlob, "ciphertextBlob");
    }

    @Override
    public byte[] ciphertextForRecipient() {
        return ciphertextForRecipient.clone();
    }

    @Override
    public byte[] ciphertextBlob() {
        return ciphertextBlob.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKeyForEnclave other
                && keyArn.equals(other.keyArn)
                && Arrays.equals(ciphertextForRecipient, other.ciphertextForRecipient)
                && Arrays.equals(ciphertextBlob, other.ciphertextBlob);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyArn, Arrays.hashCode(ciphertextForRecipient), Arrays.hashCode(ciphertextBlob));
    }

    /** Sizes only: ciphertexts are not secret, but logs are no place for them. */
    @Override
    public String toString() {
        return "DataKeyForEnclave[keyArn=" + keyArn
                + ", ciphertextForRecipient=" + ciphertextForRecipient.length + " bytes"
                + ", ciphertextBlob=" + ciphertextBlob.length + " bytes]";
    }

    private static byte[] nonEmptyCopy(byte[] bytes, String name) {
        Objects.requireNonNull(bytes, name);
        if (bytes.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return bytes.clone();
    }
}
