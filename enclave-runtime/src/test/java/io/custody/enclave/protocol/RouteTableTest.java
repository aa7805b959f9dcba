package io.custody.enclave.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.enclave.v1.AttestRequest;
import io.custody.proto.enclave.v1.AttestResponse;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StatusRequest;
import io.custody.proto.enclave.v1.StatusResponse;
import io.custody.proto.enclave.v1.StepRequest;
import io.custody.proto.enclave.v1.StepResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final Request STEP = Request.newBuilder().setStep(StepRequest.getDefaultInstance()).build();
    private static final Request STATUS = Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build();
    private static final Request ATTEST = Request.newBuilder().setAttest(AttestRequest.getDefaultInstance()).build();

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger stepCalls = new AtomicInteger();

    private RouteTable table(boolean stepExplodes) {
        return new RouteTable(failures::incrementAndGet)
                .always(Request.OpCase.STATUS, r -> Response.newBuilder().setStatus(StatusResponse.getDefaultInstance()).build())
                .always(Request.OpCase.ATTEST, r -> Response.newBuilder().setAttest(AttestResponse.getDefaultInstance()).build())
                .whenReady(Request.OpCase.STEP, r -> {
                    stepCalls.incrementAndGet();
                    if (stepExplodes) {
                        throw new IllegalStateException("half-applied state change");
                    }
                    return Response.newBuilder().setStep(StepResponse.getDefaultInstance()).build();
                });
    }

    @Test
    void readyServesEveryRoute() {
        RouteTable table = table(false);
        assertTrue(table.handle(STEP).hasStep());
        assertTrue(table.handle(STATUS).hasStatus());
        assertEquals(RouteTable.State.READY, table.state());
    }

    @Test
    void anUnexpectedFailureIsUnrecoverableAndLeavesOnlyStatusAndAttest() {
        RouteTable table = table(true);
        Response failed = table.handle(STEP);
        assertEquals(ErrorCode.ERROR_CODE_UNAVAILABLE, failed.getError().getCode());
        assertEquals(RouteTable.State.UNRECOVERABLE, table.state());
        assertTrue(table.failureReason().contains("IllegalStateException"));
        assertEquals(1, failures.get(), "sessions were not dropped on the way down");

        Response refused = table.handle(STEP);
        assertEquals(ErrorCode.ERROR_CODE_UNAVAILABLE, refused.getError().getCode());
        assertEquals(1, stepCalls.get(), "a step reached its handler after the enclave failed");
        assertTrue(table.handle(STATUS).hasStatus());
        assertTrue(table.handle(ATTEST).hasAttest());
        table.fail("again");
        assertEquals(1, failures.get());
    }

    @Test
    void aRequestWithoutAnOperationIsInvalid() {
        Response response = table(false).handle(Request.getDefaultInstance());
        assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, response.getError().getCode());
    }
}
