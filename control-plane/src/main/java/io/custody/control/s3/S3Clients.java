package io.custody.control.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds {@link S3Client}s on the JDK's URL connection (no Apache or Netty client). */
public final class S3Clients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);

    private S3Clients() {}

    /**
     * A client for {@code region}; with {@code endpoint} (an S3-compatible server, moto in tests)
     * path-style addressing is used, since such servers rarely resolve bucket host names.
     */
    public static S3Client create(Optional<URI> endpoint, String region, AwsCredentialsProvider credentials) {
        Objects.requireNonNull(credentials, "credentials");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        var builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT).build())
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
        endpoint.ifPresent(uri -> {
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an absolute http(s) URI: " + uri);
            }
            builder.endpointOverride(uri).forcePathStyle(true);
        });
        return builder.build();
    }
}
