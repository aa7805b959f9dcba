package io.custody.signer.kms;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyUnavailableException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The one place where AWS SDK exceptions become {@link KeyServiceException}s. Messages carry the
 * operation, the key id and KMS's error code and request id; never request or response bytes.
 */
final class KmsErrors {

    /** Error codes KMS and the AWS front end use for a refused identity or policy. */
    private static final Set<String> ACCESS_DENIED_CODES =
            Set.of(
                    "AccessDeniedException",
                    "AccessDenied",
                    "UnrecognizedClientException",
                    "InvalidSignatureException",
                    "IncompleteSignature",
                    "ExpiredTokenException",
                    "InvalidClientTokenId",
                    "MissingAuthenticationToken");

    /** Error codes that mean "try again later". */
    private static final Set<String> TRANSIENT_CODES =
            Set.of(
                    "ThrottlingException",
                    "Throttling",
                    "TooManyRequestsException",
                    "RequestLimitExceeded",
                    "LimitExceededException",
                    "ServiceUnavailable",
                    "ServiceUnavailableException",
                    "InternalFailure");

    private KmsErrors() {}

    static KeyServiceException map(String operation, String keyId, SdkException e) {
        String where = operation + " on key " + keyId;
        return switch (e) {
            case NotFoundException n -> new KeyNotFoundException(where + ": key not found" + details(n), n);
            case InvalidCiphertextException c ->
                    new BadCiphertextException(
                            where + ": ciphertext invalid or encryption context mismatch" + details(c), c);
            case IncorrectKeyException c ->
                    new BadCiphertextException(
                            where + ": ciphertext was produced under a different key" + details(c), c);
            case KmsInvalidStateException s ->
                    new KeyUnusableException(
                            where + ": key state does not allow it (pending deletion or import?)" + details(s),
                            s);
            case DisabledException d -> new KeyUnusableException(where + ": key is disabled" + details(d), d);
            case InvalidKeyUsageException u ->
                    new KeyUnusableException(where + ": key usage does not allow it" + details(u), u);
            case DependencyTimeoutException t ->
                    new KeyServiceUnavailableException(where + ": KMS dependency timed out" + details(t), t);
            case KmsInternalException i ->
                    new KeyServiceUnavailableException(where + ": KMS internal error" + details(i), i);
            case KeyUnavailableException u ->
                    new KeyServiceUnavailableException(
                            where + ": key material temporarily unavailable" + details(u), u);
            case KmsException k -> byCode(where, k);
            case SdkClientException c ->
                    new KeyServiceUnavailableException(
                            where + ": KMS endpoint unreachable or no usable answer (" + c.getClass().getSimpleName()
                                    + ": " + c.getMessage() + ")",
                            c);
            default ->
                    new KeyRequestRejectedException(
                            where + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        };
    }

    private static KeyServiceException byCode(String where, KmsException k) {
        String code = code(k);
        if (ACCESS_DENIED_CODES.contains(code) || k.statusCode() == 403) {
            return new KeyAccessDeniedException(
                    where + ": access denied (key policy, role or enclave measurements)" + details(k), k);
        }
        if (TRANSIENT_CODES.contains(code) || k.statusCode() >= 500 || k.isThrottlingException()) {
            return new KeyServiceUnavailableException(where + ": KMS is busy or failing" + details(k), k);
        }
        return new KeyRequestRejectedException(where + ": KMS rejected the request" + details(k), k);
    }

    private static String code(KmsException k) {
        AwsErrorDetails d = k.awsErrorDetails();
        return d == null || d.errorCode() == null ? "" : d.errorCode();
    }

    private static String details(KmsException k) {
        AwsErrorDetails d = k.awsErrorDetails();
        StringBuilder s = new StringBuilder(" [");
        s.append("code=").append(d == null || d.errorCode() == null ? "?" : d.errorCode());
        s.append(", status=").append(k.statusCode());
        if (k.requestId() != null) {
            s.append(", requestId=").append(k.requestId());
        }
        if (d != null && d.errorMessage() != null) {
            s.append(", message=").append(d.errorMessage());
        }
        return s.append(']').toString();
    }
}
