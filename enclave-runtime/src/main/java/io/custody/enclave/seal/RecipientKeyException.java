package io.custody.enclave.seal;

import java.io.Serial;

/**
 * A KMS {@code CiphertextForRecipient} that this enclave refuses: not a CMS EnvelopedData,
 * algorithms other than RSAES-OAEP-SHA-256 key transport and AES-256-CBC content encryption,
 * not exactly one key-transport recipient, a key that does not decrypt it, or content that is
 * not a 32-byte data key.
 */
public final class RecipientKeyException extends SealingException {

    @Serial private static final long serialVersionUID = 1L;

    RecipientKeyException(String message) {
        super(message);
    }
}
