package io.custody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.admin.v1.VerifyAuditChainResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code custodyctl audit verify} against a stand-in AdminService on loopback gRPC. */
class AuditCommandTest {
    private final AtomicReference<VerifyAuditChainResponse> answer = new AtomicReference<>();
    private final AtomicReference<VerifyAuditChainRequest> asked = new AtomicReference<>();
    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new AdminServiceGrpc.AdminServiceImplBase() {
                    @Override
                    public void verifyAuditChain(VerifyAuditChainRequest request,
                            StreamObserver<VerifyAuditChainResponse> response) {
                        asked.set(request);
                        response.onNext(answer.get());
                        response.onCompleted();
                    }
                }).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private record Result(int exit, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CustodyCtl.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--target";
        full[args.length + 1] = "127.0.0.1:" + server.getPort();
        return new Result(cl.execute(full), out.toString(), err.toString());
    }

    @Test
    void aValidChainExitsZeroAndSaysHowManyAnchorsWereChecked() {
        answer.set(VerifyAuditChainResponse.newBuilder().setValid(true).setFromSequence(1).setToSequence(42)
                .setHeadHash(ByteString.copyFrom(new byte[32])).setAnchorsChecked(3).setLastAnchoredSequence(40).build());
        Result r = run("audit", "verify", "--from", "1");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, asked.get().getFromSequence());
        assertTrue(r.out().contains("audit chain   VALID"), r.out());
        assertTrue(r.out().contains("events        1..42"), r.out());
        assertTrue(r.out().contains("3 checked, newest anchored event 40"), r.out());
    }

    @Test
    void aRewrittenChainExitsFourNamingTheAnchor() {
        answer.set(VerifyAuditChainResponse.newBuilder().setValid(false).setFromSequence(1).setToSequence(42)
                .setHeadHash(ByteString.copyFrom(new byte[32])).setAnchorsChecked(2).setLastAnchoredSequence(40)
                .setFirstDisagreeingAnchor(20).setFailure("event 20 has hash … : the chain was rewritten").build());
        Result r = run("audit", "verify");
        assertEquals(AuditCommand.EXIT_NOT_VALID, r.exit());
        assertTrue(r.out().contains("audit chain   NOT VALID"), r.out());
        assertTrue(r.out().contains("first disagreeing anchor  20"), r.out());
        assertTrue(r.out().contains("the chain was rewritten"), r.out());
    }

    @Test
    void withoutAnchoringItSaysNoneWereChecked() {
        answer.set(VerifyAuditChainResponse.newBuilder().setValid(true).setFromSequence(1).setToSequence(5)
                .setHeadHash(ByteString.copyFrom(new byte[32])).build());
        Result r = run("audit", "verify");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("none checked"), r.out());
    }
}
