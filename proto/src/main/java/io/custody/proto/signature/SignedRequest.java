package io.custody.proto.signature;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Message;
import io.custody.proto.admin.v1.AdminServiceProto;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.CustodyServiceProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes a {@link ClientSignature} signs (custody/v1/client_signature.proto):
 *
 * <pre>
 *   "custody-request-signature-v1" || 0x00 || full method name || 0x00
 *     || deterministic protobuf encoding of the request with field 15 (signature) cleared
 * </pre>
 */
public final class SignedRequest {

    /** The domain separation string at the start of the signed bytes. */
    public static final String DOMAIN = "custody-request-signature-v1";

    /** The field number of {@code ClientSignature signature} in every mutating request. */
    public static final int SIGNATURE_FIELD_NUMBER = 15;

    /** The field number of {@code string idempotency_key} in every mutating request. */
    public static final int IDEMPOTENCY_KEY_FIELD_NUMBER = 1;

    private static final Map<String, MethodDescriptor> MUTATING = mutatingMethods(
            List.of(CustodyServiceProto.getDescriptor(), AdminServiceProto.getDescriptor()));

    private SignedRequest() {}

    /**
     * The signed bytes of {@code request} sent to {@code fullMethodName} (as grpc-java's
     * {@code MethodDescriptor.getFullMethodName()} gives it, e.g.
     * {@code "custody.v1.CustodyService/SignMessage"}). The request's own signature, if set, is
     * ignored.
     *
     * @throws NonCanonicalRequestException if the method is not a mutating RPC of custody.v1 or
     *     custody.admin.v1, the request is not its request type, or the request carries unknown
     *     fields at any depth
     */
    public static byte[] of(String fullMethodName, Message request) {
        MethodDescriptor method = MUTATING.get(fullMethodName);
        if (method == null) {
            throw new NonCanonicalRequestException("not a mutating custody RPC: " + fullMethodName);
        }
        if (!method.getInputType().equals(request.getDescriptorForType())) {
            throw new NonCanonicalRequestException(fullMethodName + " takes "
                    + method.getInputType().getFullName() + ", not " + request.getDescriptorForType().getFullName());
        }
        rejectUnknownFields(request, request.getDescriptorForType().getFullName());
        FieldDescriptor signature = request.getDescriptorForType().findFieldByNumber(SIGNATURE_FIELD_NUMBER);
        byte[] body = deterministic(request.toBuilder().clearField(signature).build());
        byte[] prefix = (DOMAIN + '\0' + fullMethodName + '\0').getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    private static byte[] deterministic(Message message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to an array of the exact size
        }
        stream.checkNoSpaceLeft();
        return out;
    }

    private static void rejectUnknownFields(Message message, String path) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new NonCanonicalRequestException("unknown fields in " + path + ": "
                    + message.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String fieldPath = path + "." + field.getKey().getName();
            if (field.getKey().isRepeated()) {
                for (Object element : (List<?>) field.getValue()) {
                    rejectUnknownFields((Message) element, fieldPath);
                }
            } else {
                rejectUnknownFields((Message) field.getValue(), fieldPath);
            }
        }
    }

    /**
     * Every method that is not NO_SIDE_EFFECTS, checked once: its request has
     * {@code string idempotency_key = 1}, {@code ClientSignature signature = 15}, and no map
     * field anywhere below it (map order is the one thing deterministic encoding leaves open).
     */
    private static Map<String, MethodDescriptor> mutatingMethods(List<FileDescriptor> files) {
        Map<String, MethodDescriptor> methods = new HashMap<>();
        for (FileDescriptor file : files) {
            for (ServiceDescriptor service : file.getServices()) {
                for (MethodDescriptor method : service.getMethods()) {
                    if (method.getOptions().getIdempotencyLevel() == IdempotencyLevel.NO_SIDE_EFFECTS) {
                        continue;
                    }
                    RequestShape.check(method.getInputType());
                    methods.put(service.getFullName() + "/" + method.getName(), method);
                }
            }
        }
        return Map.copyOf(methods);
    }
}
