package io.custody.kmsemu;

import io.custody.kmsemu.auth.Credential;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Real AWS SDK v2 clients pointed at a local endpoint. */
final class KmsClients {
    static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT;
    static final Credential ROOT = Credential.forAccountRoot("AKIAEMULATORROOT0001", "root-secret-0001", ACCOUNT);
    static final Credential PARENT = new Credential("AKIAEMULATORPARENT01", "parent-secret-0001",
            "arn:aws:iam::" + ACCOUNT + ":role/custody-parent");

    private KmsClients() {}

    static KmsClient client(URI endpoint, Credential credential) {
        return client(endpoint, credential.accessKeyId(), credential.secretAccessKey());
    }

    static KmsClient client(URI endpoint, String accessKeyId, String secretAccessKey) {
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(20)))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }
}
