package io.custody.signer.kms;

import java.io.Serial;

/**
 * KMS answered a request that carried a {@code Recipient} with a {@code Plaintext} key. Real KMS
 * never does this: it means the endpoint ignored the recipient (an emulator such as moto, a proxy,
 * or a misconfigured endpoint). The client fails closed: the plaintext is dropped unread, nothing
 * reaches the enclave or the store, and the signer host never holds a usable key.
 */
public final class RecipientIgnoredException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    RecipientIgnoredException(String message) {
        super(message);
    }
}
