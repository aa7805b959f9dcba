package io.custody.control.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.custody.control.ControlPlaneException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * The one place errors become gRPC statuses: the caller's mistakes and refusals
 * ({@link ControlPlaneException}) with precise codes and, for INVALID_ARGUMENT,
 * {@code google.rpc.BadRequest} field violations; anything else is ours, logged here with a
 * correlation id and answered as a bare INTERNAL that carries only that id.
 */
public final class ApiErrors {

    /** Trailer with the correlation id of an INTERNAL error. */
    public static final Metadata.Key<String> CORRELATION_ID =
            Metadata.Key.of("custody-correlation-id", Metadata.ASCII_STRING_MARSHALLER);

    private static final System.Logger LOG = System.getLogger(ApiErrors.class.getName());

    private ApiErrors() {}

    public static StatusRuntimeException toStatus(Throwable error, String method) {
        if (error instanceof StatusRuntimeException status) {
            return status;
        }
        if (error instanceof ControlPlaneException expected) {
            return expected(expected);
        }
        String correlationId = UUID.randomUUID().toString();
        LOG.log(Level.ERROR, "internal error in " + method + ", correlation id " + correlationId, error);
        Metadata trailers = new Metadata();
        trailers.put(CORRELATION_ID, correlationId);
        return Status.INTERNAL.withDescription("internal error; correlation id " + correlationId)
                .asRuntimeException(trailers);
    }

    private static StatusRuntimeException expected(ControlPlaneException e) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setMessage(e.getMessage());
        switch (e) {
            case ControlPlaneException.InvalidRequest invalid -> {
                BadRequest.Builder details = BadRequest.newBuilder();
                for (ControlPlaneException.FieldViolation v : invalid.violations()) {
                    details.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField(v.field()).setDescription(v.description()));
                }
                status.setCode(Code.INVALID_ARGUMENT_VALUE).addDetails(Any.pack(details.build()));
            }
            case ControlPlaneException.Unauthenticated u -> status.setCode(Code.UNAUTHENTICATED_VALUE);
            case ControlPlaneException.PermissionDenied p -> status.setCode(Code.PERMISSION_DENIED_VALUE);
            case ControlPlaneException.NotFound n -> status.setCode(Code.NOT_FOUND_VALUE);
            case ControlPlaneException.FailedPrecondition f -> status.setCode(Code.FAILED_PRECONDITION_VALUE);
            case ControlPlaneException.AlreadyExists a -> status.setCode(Code.ALREADY_EXISTS_VALUE);
            case ControlPlaneException.Unimplemented u -> status.setCode(Code.UNIMPLEMENTED_VALUE);
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
