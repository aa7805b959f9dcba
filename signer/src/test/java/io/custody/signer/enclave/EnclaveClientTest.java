package io.custody.signer.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.proto.enclave.v1.Frame;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StatusRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnclaveClientTest {
    private static final Request STATUS = Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void responsesAnsweredOutOfOrderReachTheirOwnCallers() throws Exception {
        try (FakeEnclave enclave = new FakeEnclave(); EnclaveClient client = new EnclaveClient(enclave.socket(), WAIT)) {
            CompletableFuture<Response> first = client.send(STATUS);
            enclave.accept();
            CompletableFuture<Response> second = client.send(STATUS);
            List<Frame> requests = enclave.read(2);
            enclave.answer(requests.get(1), 2);
            enclave.answer(requests.get(0), 1);
            assertEquals(1, first.get(5, TimeUnit.SECONDS).getStatus().getActiveSessions());
            assertEquals(2, second.get(5, TimeUnit.SECONDS).getStatus().getActiveSessions());
        }
    }

    @Test
    void aSilentEnclaveTimesOut() throws Exception {
        try (FakeEnclave enclave = new FakeEnclave(); EnclaveClient client = new EnclaveClient(enclave.socket(), WAIT)) {
            Thread.ofVirtual().start(() -> {
                try {
                    enclave.accept();
                    enclave.read(1);
                } catch (Exception ignored) {
                    // the test ends first
                }
            });
            assertThrows(EnclaveTimeoutException.class, () -> client.call(STATUS, Duration.ofMillis(300)));
        }
    }

    @Test
    void aBrokenConnectionFailsTheCallsInFlightAndTheNextCallReconnects() throws Exception {
        try (FakeEnclave enclave = new FakeEnclave(); EnclaveClient client = new EnclaveClient(enclave.socket(), WAIT)) {
            CompletableFuture<Response> lost = client.send(STATUS);
            enclave.accept();
            enclave.read(1);
            enclave.dropConnection();
            ExecutionException e = assertThrows(ExecutionException.class, () -> lost.get(5, TimeUnit.SECONDS));
            assertInstanceOf(EnclaveUnavailableException.class, e.getCause());

            CompletableFuture<Response> again = client.send(STATUS);
            enclave.accept();
            enclave.answer(enclave.read(1).getFirst(), 7);
            assertEquals(7, again.get(5, TimeUnit.SECONDS).getStatus().getActiveSessions());
        }
    }

    @Test
    void noEnclaveListeningIsUnavailable() {
        try (EnclaveClient client = new EnclaveClient(Path.of("/nonexistent/enclave.sock"), WAIT)) {
            assertThrows(EnclaveUnavailableException.class, () -> client.call(STATUS, WAIT));
        }
    }
}
