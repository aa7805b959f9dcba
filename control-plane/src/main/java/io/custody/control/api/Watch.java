package io.custody.control.api;

import io.custody.control.Changes;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A server stream that sends a resource now and again after each change, and ends after it is in
 * a final state. A change is noticed at once through {@link Changes} (this instance's changes) or
 * by polling the store (another instance's); a state is sent once even if noticed twice.
 */
final class Watch<T, M> {

    private static final long POLL_MILLIS = 500;

    private final Supplier<T> load;
    private final Function<T, Object> version;
    private final Predicate<T> done;
    private final Function<T, M> message;
    private final ServerCallStreamObserver<M> observer;
    private final String method;
    private Object sent;
    private boolean finished;
    private AutoCloseable subscription;
    private ScheduledFuture<?> poll;

    private Watch(Supplier<T> load, Function<T, Object> version, Predicate<T> done, Function<T, M> message,
            StreamObserver<M> observer, String method) {
        this.load = load;
        this.version = version;
        this.done = done;
        this.message = message;
        this.observer = (ServerCallStreamObserver<M>) observer;
        this.method = method;
    }

    /** Sends {@code first} and keeps watching {@code resource} until it is done or the client leaves. */
    static <T, M> void start(String resource, T first, Supplier<T> load, Function<T, Object> version,
            Predicate<T> done, Function<T, M> message, StreamObserver<M> observer, Changes changes,
            ScheduledExecutorService timer, String method) {
        Watch<T, M> watch = new Watch<>(load, version, done, message, observer, method);
        watch.observer.setOnCancelHandler(watch::stop);
        synchronized (watch) {
            watch.send(first);
            if (watch.finished) {
                return;
            }
            watch.subscription = changes.subscribe(resource, () -> timer.execute(watch::check));
            watch.poll = timer.scheduleWithFixedDelay(watch::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void check() {
        if (finished) {
            return;
        }
        try {
            send(load.get());
        } catch (RuntimeException e) {
            finished = true;
            stop();
            observer.onError(ApiErrors.toStatus(e, method));
        }
    }

    private void send(T current) {
        Object v = version.apply(current);
        if (!Objects.equals(v, sent) && !observer.isCancelled()) {
            sent = v;
            observer.onNext(message.apply(current));
        }
        if (done.test(current)) {
            finished = true;
            stop();
            observer.onCompleted();
        }
    }

    private synchronized void stop() {
        finished = true;
        if (poll != null) {
            poll.cancel(false);
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // in-memory: cannot fail
            }
        }
    }
}
