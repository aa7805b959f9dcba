package io.custody.proto.signature;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.custody.proto.v1.ClientSignature;
import java.util.HashSet;
import java.util.Set;

/** The shape every mutating request type must have for its signed bytes to be well defined. */
final class RequestShape {

    private RequestShape() {}

    /** @throws IllegalStateException if {@code request} lacks the fields or contains a map */
    static void check(Descriptor request) {
        FieldDescriptor key = request.findFieldByNumber(SignedRequest.IDEMPOTENCY_KEY_FIELD_NUMBER);
        if (key == null || !key.getName().equals("idempotency_key")
                || key.getType() != FieldDescriptor.Type.STRING || key.isRepeated()) {
            throw new IllegalStateException(request.getFullName() + ": field 1 must be string idempotency_key");
        }
        FieldDescriptor signature = request.findFieldByNumber(SignedRequest.SIGNATURE_FIELD_NUMBER);
        if (signature == null || !signature.getName().equals("signature") || signature.isRepeated()
                || signature.getType() != FieldDescriptor.Type.MESSAGE
                || !signature.getMessageType().equals(ClientSignature.getDescriptor())) {
            throw new IllegalStateException(request.getFullName() + ": field 15 must be ClientSignature signature");
        }
        rejectMaps(request, new HashSet<>());
    }

    private static void rejectMaps(Descriptor message, Set<String> seen) {
        if (!seen.add(message.getFullName())) {
            return;
        }
        for (FieldDescriptor field : message.getFields()) {
            if (field.isMapField()) {
                throw new IllegalStateException(message.getFullName() + "." + field.getName()
                        + " is a map: signed requests cannot contain maps");
            }
            if (field.getType() == FieldDescriptor.Type.MESSAGE) {
                rejectMaps(field.getMessageType(), seen);
            }
        }
    }
}
