package io.custody.enclave.protocol;

import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;

/** Answers one request. Implementations never throw: every failure becomes an error response. */
@FunctionalInterface
public interface RequestHandler {
    Response handle(Request request);
}
