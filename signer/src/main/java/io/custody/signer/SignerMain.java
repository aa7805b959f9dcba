package io.custody.signer;

import io.custody.signer.config.SignerConfig;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.kms.EnclaveKeyClient;
import io.custody.signer.kms.KmsClients;
import io.custody.signer.kms.KmsDataKeySource;
import io.custody.signer.nats.PersistentShares;
import io.custody.signer.nats.ShareReopener;
import io.custody.signer.nats.SignerNode;
import io.custody.signer.store.ShareSink;
import io.custody.signer.store.ShareStore;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Runs one signer node as a process until it is terminated. Without {@code --kms-endpoint} a
 * DKG fails closed (no data key); without {@code --db-url} shares go nowhere, so a DKG fails
 * closed too rather than report a share it did not keep. With both, new shares are stored (and
 * activated) in the node's rows of the share store, and at start every active share is reopened
 * in the enclave (KMS Decrypt for the enclave's fresh attestation, then open_share) before the
 * node takes jobs.
 */
public final class SignerMain {
    private SignerMain() {}

    public static void main(String[] args) throws Exception {
        SignerConfig config = SignerConfig.parse(args);
        char[] seed = config.natsSeedFile().isPresent()
                ? Files.readString(config.natsSeedFile().get()).trim().toCharArray() : null;
        Optional<EnclaveKeyClient> keyClient = config.kmsEndpoint().map(endpoint -> new EnclaveKeyClient(
                KmsClients.forEndpoint(URI.create(endpoint), config.kmsRegion(),
                        DefaultCredentialsProvider.builder().build())));
        DataKeySource dataKeys = keyClient.<DataKeySource>map(KmsDataKeySource::new)
                .orElse((keyId, wallet, node, document) -> {
                    throw new IllegalStateException("no --kms-endpoint configured");
                });
        ShareSink shares = NoShareStore.INSTANCE;
        ShareReopener reopener = ShareReopener.NONE;
        if (config.database().isPresent()) {
            SignerConfig.Database db = config.database().get();
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(db.url());
            dataSource.setUser(db.user());
            dataSource.setPassword(Files.readString(db.passwordFile(), StandardCharsets.UTF_8).strip());
            ShareStore store = ShareStore.open(dataSource);
            if (!store.nodeId().equals(config.nodeId())) {
                throw new IllegalArgumentException("database role " + db.user() + " belongs to node " + store.nodeId()
                        + ", not " + config.nodeId());
            }
            PersistentShares persistent = new PersistentShares(store, keyClient.orElseThrow());
            shares = persistent;
            reopener = persistent;
        }
        // Streams and consumers are the control plane's (`custodyctl nats-bootstrap`); a node only binds.
        EnclaveClient enclave = new EnclaveClient(config.enclaveSocket(), Duration.ofSeconds(10));
        requireEnclaveOf(config.nodeId(), enclave);
        Connection connection = Nats.connect(SignerNode.natsOptions(config.nodeId(), config.natsUrl(), seed).build());
        SignerNode node = SignerNode.start(config, connection, enclave, dataKeys, shares, reopener);
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
        System.out.println("signer " + config.nodeId() + " running, " + node.holdings().size() + " wallets reopened");
        stopped.await();
    }

    /**
     * The enclave was started as a node (its --node-id, attested in PCR16); a signer paired with
     * another node's enclave would get no data key for it anyway (KMS binds the node's role to its
     * PCR16), so it refuses to start and says why instead of failing every job.
     */
    private static void requireEnclaveOf(String nodeId, EnclaveClient enclave) throws Exception {
        String enclaveNode = enclave.status().getNodeId();
        if (!enclaveNode.equals(nodeId)) {
            enclave.close();
            throw new IllegalStateException("the enclave on this socket serves node '" + enclaveNode
                    + "', this signer is node '" + nodeId + "': start the enclave with --node-id " + nodeId);
        }
    }
}
