package io.custody.signer.kms;

import java.io.PrintStream;
import java.net.URI;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;

/**
 * Creates the enclave-bound KMS key: {@link KeyPolicyGenerator}'s policy (one statement per node)
 * for the given measurements on a new symmetric key, and prints the key id alone on stdout.
 * Credentials come from the SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY}), as an administrator of the account: the policy lets that administrator
 * manage the key but never use it.
 *
 * <pre>
 * EnclaveKeyMain --endpoint URL [--region R] --account ID --node ID=ROLE_ARN ...
 *     (--expected-pcrs FILE ... | --pcr0 HEX ... [--pcr N=HEX ...]) [--description TEXT]
 * </pre>
 *
 * <p>{@code custodyctl dev up} runs it against the KMS emulator; in AWS the same policy goes
 * through Terraform ({@link KeyPolicyMain}).
 */
public final class EnclaveKeyMain {

    static final String USAGE = "usage: EnclaveKeyMain --endpoint URL [--region R] " + PolicyArguments.USAGE
            + " [--description TEXT]";

    private EnclaveKeyMain() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, (endpoint, region) ->
                KmsClients.forEndpoint(endpoint, region, DefaultCredentialsProvider.builder().build()));
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Exit status: 0 with the key id on {@code out}; 1 if KMS refused or failed; 2 on bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err, BiFunction<URI, String, KmsClient> clients) {
        URI endpoint = null;
        String region = "us-east-1";
        String description = "custody shares (enclave-bound)";
        PolicyArguments policy = new PolicyArguments();
        EnclavePolicyInput input;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--endpoint" -> endpoint = URI.create(value);
                    case "--region" -> region = value;
                    case "--description" -> description = value;
                    default -> {
                        if (!policy.accept(flag, value)) {
                            throw new IllegalArgumentException("unknown option " + flag);
                        }
                    }
                }
            }
            if (endpoint == null) {
                throw new IllegalArgumentException("--endpoint is required");
            }
            input = policy.input();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (KmsClient kms = clients.apply(endpoint, region)) {
            String keyId = kms.createKey(CreateKeyRequest.builder()
                            .policy(KeyPolicyGenerator.policyJson(input))
                            .description(description)
                            .build())
                    .keyMetadata()
                    .keyId();
            out.println(keyId);
            out.flush();
            return 0;
        } catch (SdkException e) {
            err.println("error: CreateKey at " + endpoint + " failed: " + e.getMessage());
            return 1;
        }
    }
}
