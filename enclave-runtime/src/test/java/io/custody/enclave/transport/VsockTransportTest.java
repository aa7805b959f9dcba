package io.custody.enclave.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs only what a machine without a peer VM can run: opening, binding, listening and closing.
 * No test connects: without a loopback vsock transport the kernel would route even CID 1 to the
 * hypervisor, off this machine. The connected-socket code is covered over a socketpair in
 * {@link NativeSocketConnectionTest}.
 */
@Timeout(30)
class VsockTransportTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void listeningEitherWorksOrFailsNamingAfVsockAndErrno() throws IOException {
        VsockTransport transport = new VsockTransport(SockaddrVm.listeningOn(SockaddrVm.PORT_ANY));
        EnclaveListener listener;
        try {
            listener = transport.listen();
        } catch (IOException refused) {
            assertTrue(refused.getMessage().startsWith("AF_VSOCK listen on vsock:any:any: "),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("errno"), refused.getMessage());
            return;
        }
        listener.close();
    }

    @Test
    void kernelChoosesAPortWhenAskedForAny() throws IOException {
        assumeTrue(kernelOffersVsock(), "no AF_VSOCK in this kernel");

        try (VsockListener listener = listen(SockaddrVm.PORT_ANY)) {
            assertEquals(SockaddrVm.CID_ANY, listener.localAddress().cid());
            assertNotEquals(SockaddrVm.PORT_ANY, listener.localAddress().port());
        }
    }

    @Test
    void portInUseFailsWithItsErrno() throws IOException {
        assumeTrue(kernelOffersVsock(), "no AF_VSOCK in this kernel");

        try (VsockListener first = listen(SockaddrVm.PORT_ANY)) {
            int port = first.localAddress().port();
            IOException e = assertThrows(IOException.class, () -> listen(port));

            assertEquals("AF_VSOCK listen on vsock:any:" + Integer.toUnsignedString(port)
                    + ": bind() failed: errno 98 (Address already in use)", e.getMessage());
        }
    }

    @Test
    void closingTheListenerWakesABlockedAccept() throws Exception {
        assumeTrue(kernelOffersVsock(), "no AF_VSOCK in this kernel");
        VsockListener listener = listen(SockaddrVm.PORT_ANY);
        Future<EnclaveConnection> blocked = executor.submit(listener::accept);
        Thread.sleep(200);

        listener.close();

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> blocked.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
        assertThrows(IOException.class, listener::accept);
        listener.close();
    }

    private static VsockListener listen(int port) throws IOException {
        return (VsockListener) new VsockTransport(SockaddrVm.listeningOn(port)).listen();
    }

    private static boolean kernelOffersVsock() {
        try {
            Libc.close(Libc.socket(Libc.AF_VSOCK, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0));
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }
}
