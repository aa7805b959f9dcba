package io.custody.enclave.transport;

import io.custody.proto.enclave.v1.Frame;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StatusRequest;
import io.custody.proto.enclave.v1.StatusResponse;

/** Small frames for driving a transport end to end. */
final class TestFrames {

    private TestFrames() {}

    static Frame statusRequest(long requestId) {
        return Frame.newBuilder()
                .setRequestId(requestId)
                .setRequest(Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()))
                .build();
    }

    static Frame statusResponse(long requestId, int activeSessions) {
        return Frame.newBuilder()
                .setRequestId(requestId)
                .setResponse(Response.newBuilder()
                        .setStatus(StatusResponse.newBuilder().setActiveSessions(activeSessions)))
                .build();
    }
}
