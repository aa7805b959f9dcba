package io.custody.control.nats;

import io.custody.control.signing.SigningService;
import io.custody.control.store.OperationStore;
import io.custody.control.store.SigningRequestStore;
import io.custody.control.store.StoredOperation;
import io.custody.control.store.StoredSigningRequest;
import io.custody.control.wallet.WalletService;
import java.lang.System.Logger.Level;

/**
 * Invariant 4 across failures and restarts. At start-up {@link #republishAll} publishes the job of
 * every request and operation that is not terminal, whatever was published before (same
 * {@code Nats-Msg-Id}s, so JetStream stores each once within its window; a RECEIVED request is
 * queued first). While running, {@link #republishUnacknowledged} retries the jobs whose publish
 * JetStream never acknowledged.
 */
public final class Redriver {

    private static final System.Logger LOG = System.getLogger(Redriver.class.getName());

    private final SigningRequestStore requests;
    private final OperationStore operations;
    private final SigningService signing;
    private final WalletService walletService;

    public Redriver(SigningRequestStore requests, OperationStore operations, SigningService signing,
            WalletService walletService) {
        this.requests = requests;
        this.operations = operations;
        this.signing = signing;
        this.walletService = walletService;
    }

    /** Returns how many requests and operations it published again. */
    public int republishAll() {
        return republish(false);
    }

    public int republishUnacknowledged() {
        return republish(true);
    }

    private int republish(boolean unacknowledgedOnly) {
        int count = 0;
        try {
            for (StoredOperation op : operations.open(unacknowledgedOnly)) {
                walletService.publish(op);
                count++;
            }
            for (StoredSigningRequest request : requests.open(unacknowledgedOnly)) {
                signing.publish(request);
                count++;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "re-driving jobs failed; next round retries", e);
        }
        return count;
    }
}
