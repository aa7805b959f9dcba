package io.custody.e2e;

import io.custody.kmsemu.EmulatorConfig;
import io.custody.kmsemu.auth.Credential;
import io.custody.signer.kms.EnclavePolicyInput;
import io.custody.signer.kms.KeyPolicyGenerator;
import io.custody.signer.kms.KmsClients;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;

/** The KMS side of the whole-system tests: who may call the emulator, and the enclave-bound key. */
final class TestKms {
    static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT;
    static final String REGION = EmulatorConfig.DEFAULT_REGION;
    static final String SIGNER_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/custody-signer";
    static final Credential SIGNER = new Credential("AKIDCUSTODYSIGNER01", "signer-secret-key", SIGNER_ROLE);
    static final Credential ADMIN =
            new Credential("AKIDCUSTODYADMIN001", "admin-secret-key", "arn:aws:iam::" + ACCOUNT + ":root");

    private TestKms() {}

    static StaticCredentialsProvider credentials(Credential credential) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(credential.accessKeyId(), credential.secretAccessKey()));
    }

    /** The key policy generator's policy, bound to this build's PCR0, on a new KMS key. */
    static String createEnclaveKey(URI endpoint, byte[] pcr0) {
        String policy = KeyPolicyGenerator.policyJson(
                new EnclavePolicyInput(ACCOUNT, SIGNER_ROLE, List.of(HexFormat.of().formatHex(pcr0))));
        try (KmsClient admin = KmsClients.forEndpoint(endpoint, REGION, credentials(ADMIN))) {
            return admin.createKey(CreateKeyRequest.builder().policy(policy).description("custody shares").build())
                    .keyMetadata().keyId();
        }
    }
}
