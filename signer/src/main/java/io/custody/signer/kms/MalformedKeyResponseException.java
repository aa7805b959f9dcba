package io.custody.signer.kms;

import java.io.Serial;

/** KMS answered without a field the operation must return (such as CiphertextForRecipient). */
public final class MalformedKeyResponseException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    MalformedKeyResponseException(String message) {
        super(message);
    }
}
