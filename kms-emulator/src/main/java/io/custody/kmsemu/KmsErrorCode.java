package io.custody.kmsemu;

/**
 * The AWS KMS error types the emulator answers with. {@link #wireName()} goes into the JSON
 * {@code __type} field, from which the AWS SDK picks the exception class (for example {@code
 * NotFoundException}) or, for types KMS's model does not declare ({@code AccessDeniedException},
 * {@code ValidationException}, the SigV4 errors), a plain {@code KmsException} with that error code.
 */
public enum KmsErrorCode {
    ACCESS_DENIED("AccessDeniedException", 400),
    NOT_FOUND("NotFoundException", 400),
    INVALID_CIPHERTEXT("InvalidCiphertextException", 400),
    INCORRECT_KEY("IncorrectKeyException", 400),
    INVALID_STATE("KMSInvalidStateException", 400),
    VALIDATION("ValidationException", 400),
    MALFORMED_POLICY("MalformedPolicyDocumentException", 400),
    UNSUPPORTED_OPERATION("UnsupportedOperationException", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    SERIALIZATION("SerializationException", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    INVALID_SIGNATURE("InvalidSignatureException", 400),
    INTERNAL("KMSInternalException", 500);

    private final String wireName;
    private final int httpStatus;

    KmsErrorCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
