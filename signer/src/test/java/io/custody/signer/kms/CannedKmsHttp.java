package io.custody.signer.kms;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * An HTTP layer for a real {@link KmsClient} that answers every call with one canned KMS JSON
 * response and records the request bodies; retries are off so each call is one exchange.
 */
final class CannedKmsHttp implements SdkHttpClient {

    private final int status;
    private final String body;
    private final List<String> requests = new ArrayList<>();

    private CannedKmsHttp(int status, String body) {
        this.status = status;
        this.body = body;
    }

    static CannedKmsHttp ok(String json) {
        return new CannedKmsHttp(200, json);
    }

    static CannedKmsHttp error(int status, String type, String message) {
        return new CannedKmsHttp(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    KmsClient client() {
        return KmsClient.builder()
                .endpointOverride(URI.create("http://kms.canned.invalid"))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(this)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    List<String> requests() {
        return requests;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Optional<String> sent =
                request.contentStreamProvider()
                        .map(
                                p -> {
                                    try (InputStream in = p.newStream()) {
                                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                });
        requests.add(sent.orElse(""));
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(
                                SdkHttpResponse.builder()
                                        .statusCode(status)
                                        .putHeader("Content-Type", "application/x-amz-json-1.1")
                                        .putHeader("Content-Length", Integer.toString(bytes.length))
                                        .putHeader("x-amzn-RequestId", "canned-request-1")
                                        .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public void close() {}
}
