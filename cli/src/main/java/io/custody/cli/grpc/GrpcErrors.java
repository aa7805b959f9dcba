package io.custody.cli.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** A gRPC failure as one line for a person: status code, description, BadRequest field violations. */
public final class GrpcErrors {
    private GrpcErrors() {}

    public static String describe(StatusRuntimeException e) {
        Status status = e.getStatus();
        StringBuilder line = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null && !status.getDescription().isEmpty()) {
            line.append(": ").append(status.getDescription());
        } else if (status.getCause() != null && status.getCause().getMessage() != null) {
            line.append(": ").append(status.getCause().getMessage());
        }
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        if (details != null) {
            for (Any any : details.getDetailsList()) {
                if (any.is(BadRequest.class)) {
                    try {
                        for (BadRequest.FieldViolation v : any.unpack(BadRequest.class).getFieldViolationsList()) {
                            line.append("; field ").append(v.getField()).append(": ").append(v.getDescription());
                        }
                    } catch (InvalidProtocolBufferException ignored) {
                        // an undecodable detail adds nothing to the line
                    }
                }
            }
        }
        return line.toString().replace('\n', ' ');
    }
}
