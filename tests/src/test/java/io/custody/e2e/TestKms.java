package io.custody.e2e;

import io.custody.kmsemu.EmulatorConfig;
import io.custody.kmsemu.auth.Credential;
import io.custody.signer.kms.EnclavePolicyInput;
import io.custody.signer.kms.KeyPolicyGenerator;
import io.custody.signer.kms.KmsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;

/**
 * The KMS side of the whole-system tests: who may call the emulator — each node's signer host as
 * its own role, and the account administrator — and the enclave-bound key with one statement per
 * node.
 */
final class TestKms {
    static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT;
    static final String REGION = EmulatorConfig.DEFAULT_REGION;
    static final Credential ADMIN =
            new Credential("AKIDCUSTODYADMIN001", "admin-secret-key", "arn:aws:iam::" + ACCOUNT + ":root");

    private TestKms() {}

    /** The IAM role of node {@code nodeId}'s signer host: one per node. */
    static String hostRole(String nodeId) {
        return "arn:aws:iam::" + ACCOUNT + ":role/custody-signer-" + nodeId;
    }

    /** The credentials of node {@code nodeId}'s signer host (its role's). */
    static Credential host(String nodeId) {
        return new Credential("AKIDHOST" + nodeId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", ""),
                "host-secret-" + nodeId, hostRole(nodeId));
    }

    /** Every node's host and the administrator: what the emulator accepts. */
    static List<Credential> callers(List<String> nodeIds) {
        List<Credential> callers = new ArrayList<>();
        nodeIds.forEach(node -> callers.add(host(node)));
        callers.add(ADMIN);
        return callers;
    }

    static StaticCredentialsProvider credentials(Credential credential) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(credential.accessKeyId(), credential.secretAccessKey()));
    }

    /** The key policy generator's policy for these nodes and this build's PCR0, on a new KMS key. */
    static String createEnclaveKey(URI endpoint, byte[] pcr0, List<String> nodeIds) {
        Map<String, String> roles = new TreeMap<>();
        nodeIds.forEach(node -> roles.put(node, hostRole(node)));
        String policy = KeyPolicyGenerator.policyJson(
                new EnclavePolicyInput(ACCOUNT, roles, List.of(HexFormat.of().formatHex(pcr0))));
        try (KmsClient admin = KmsClients.forEndpoint(endpoint, REGION, credentials(ADMIN))) {
            return admin.createKey(CreateKeyRequest.builder().policy(policy).description("custody shares").build())
                    .keyMetadata().keyId();
        }
    }
}
