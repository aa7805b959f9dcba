package io.custody.signer;

import io.custody.signer.config.SignerConfig;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.kms.EnclaveKeyClient;
import io.custody.signer.kms.KmsClients;
import io.custody.signer.kms.KmsDataKeySource;
import io.custody.signer.nats.SignerNode;
import io.custody.signer.store.ShareSink;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Runs one signer node as a process until it is terminated. Without {@code --kms-endpoint} a
 * DKG fails closed (no data key); shares go nowhere yet (the Postgres share store is wired in a
 * later slice), so a DKG here fails closed too rather than report a share it did not keep.
 */
public final class SignerMain {
    private SignerMain() {}

    public static void main(String[] args) throws Exception {
        SignerConfig config = SignerConfig.parse(args);
        char[] seed = config.natsSeedFile().isPresent()
                ? Files.readString(config.natsSeedFile().get()).trim().toCharArray() : null;
        // Streams and consumers are the control plane's (`custodyctl nats-bootstrap`); a node only binds.
        Connection connection = Nats.connect(SignerNode.natsOptions(config.nodeId(), config.natsUrl(), seed).build());
        DataKeySource dataKeys = config.kmsEndpoint()
                .<DataKeySource>map(endpoint -> new KmsDataKeySource(new EnclaveKeyClient(KmsClients.forEndpoint(
                        URI.create(endpoint), config.kmsRegion(), DefaultCredentialsProvider.builder().build()))))
                .orElse((keyId, wallet, node, document) -> {
                    throw new IllegalStateException("no --kms-endpoint configured");
                });
        ShareSink shares = (share, keyId) -> {
            throw new IllegalStateException("no share store configured");
        };
        SignerNode node = SignerNode.start(config, connection,
                new EnclaveClient(config.enclaveSocket(), Duration.ofSeconds(10)), dataKeys, shares);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // exiting anyway
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("signer " + config.nodeId() + " running");
        stopped.await();
    }
}
