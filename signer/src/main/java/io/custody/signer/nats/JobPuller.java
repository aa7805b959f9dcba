package io.custody.signer.nats;

import io.nats.client.ConsumerContext;
import io.nats.client.Message;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Pulls one job at a time from a durable consumer, and only after {@code reserve} granted
 * capacity for it: a node without a free slot pulls nothing, so competing nodes share the work.
 * Each job runs on its own virtual thread; {@code release} runs when it ends.
 */
final class JobPuller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobPuller.class.getName());
    private static final Duration PULL_WAIT = Duration.ofSeconds(1);

    /** Well inside the JOBS consumers' 30 s ack_wait. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    @FunctionalInterface
    interface Handler {
        void handle(Message job) throws Exception;
    }

    private final String name;
    private final ConsumerContext consumer;
    private final BooleanSupplier reserve;
    private final Runnable release;
    private final Handler handler;
    private volatile boolean running = true;
    private Thread thread;

    JobPuller(String name, ConsumerContext consumer, BooleanSupplier reserve, Runnable release, Handler handler) {
        this.name = name;
        this.consumer = consumer;
        this.reserve = reserve;
        this.release = release;
        this.handler = handler;
    }

    JobPuller start() {
        thread = Thread.ofVirtual().name(name).start(this::loop);
        return this;
    }

    private void loop() {
        while (running) {
            if (!reserve.getAsBoolean()) {
                pause(10);
                continue;
            }
            Message job;
            try {
                job = consumer.next(PULL_WAIT);
            } catch (InterruptedException e) {
                release.run();
                return;
            } catch (Exception e) {
                release.run();
                if (running) {
                    LOG.log(Level.WARNING, "{0}: pull failed: {1}", name, e.toString());
                    pause(500);
                }
                continue;
            }
            if (job == null) {
                release.run();
                continue;
            }
            Thread.ofVirtual().start(() -> ScopedValue.where(TraceContext.CURRENT, TraceContext.of(job)).run(() -> {
                Thread keepAlive = Thread.ofVirtual().start(() -> signalProgress(job));
                try {
                    handler.handle(job);
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "{0}: job failed, it comes back after a delay: {1}", name, e.toString());
                    job.nakWithDelay(Duration.ofSeconds(1));
                } finally {
                    keepAlive.interrupt();
                    release.run();
                }
            }));
        }
    }

    /**
     * Tells the server the job is still being worked on (AckProgress) every {@link #PROGRESS_EVERY},
     * until interrupted: a DKG or refresh on a loaded host can outlast {@code ack_wait}, and a
     * redelivery beside the running session would only be refused by the enclaves (session ids are
     * used once) and fail the job.
     */
    private static void signalProgress(Message job) {
        try {
            while (true) {
                Thread.sleep(PROGRESS_EVERY);
                job.inProgress();
            }
        } catch (InterruptedException done) {
            // the handler returned
        } catch (RuntimeException disconnected) {
            // a lost connection redelivers the job anyway
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(Duration.ofSeconds(2));
        }
    }
}
