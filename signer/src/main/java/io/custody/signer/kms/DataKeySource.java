package io.custody.signer.kms;

/**
 * Where a node gets the data key that seals its new share (DKG, refresh): encrypted for its
 * enclave's attested RSA key, never in clear on the host. {@link KmsDataKeySource} in
 * production; tests may plug a local envelope maker.
 */
@FunctionalInterface
public interface DataKeySource {
    DataKeyForEnclave dataKeyFor(String kmsKeyId, String walletId, String nodeId, byte[] attestationDocument)
            throws KeyServiceException;
}
