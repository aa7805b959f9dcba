package io.custody.signer.kms;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Builds the {@link KmsClient} that {@link EnclaveKeyClient} is given. */
public final class KmsClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);

    private KmsClients() {}

    /**
     * A client for an explicit endpoint: the regional KMS (or its VPC endpoint) in production, an
     * emulator in development and tests. Uses the JDK's URL connection, not Apache or Netty.
     */
    public static KmsClient forEndpoint(URI endpoint, String region, AwsCredentialsProvider credentials) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (!endpoint.isAbsolute() || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an absolute http(s) URI: " + endpoint);
        }
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(
                        UrlConnectionHttpClient.builder()
                                .connectionTimeout(CONNECT_TIMEOUT)
                                .socketTimeout(SOCKET_TIMEOUT)
                                .build())
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT))
                .build();
    }
}
