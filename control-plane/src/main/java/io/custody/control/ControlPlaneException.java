package io.custody.control;

import java.util.List;
import java.util.Objects;

/**
 * Every failure the control plane reports to a caller as its own mistake or as a refusal. Mapped
 * to a gRPC status in one place ({@code io.custody.control.api.ErrorInterceptor}); anything that
 * is not a {@code ControlPlaneException} is ours and becomes a bare INTERNAL with a correlation id.
 */
public abstract sealed class ControlPlaneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ControlPlaneException(String message) {
        super(message, null, false, false);
    }

    /** One field the caller got wrong, named by its path in the request (e.g. "raw_digest.digest"). */
    public record FieldViolation(String field, String description) {
        public FieldViolation {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(description, "description");
        }
    }

    /** INVALID_ARGUMENT with google.rpc.BadRequest field violations. */
    public static final class InvalidRequest extends ControlPlaneException {
        private static final long serialVersionUID = 1L;
        private final transient List<FieldViolation> violations;

        public InvalidRequest(List<FieldViolation> violations) {
            super(summary(violations));
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid request names at least one field");
            }
            this.violations = List.copyOf(violations);
        }

        public InvalidRequest(String field, String description) {
            this(List.of(new FieldViolation(field, description)));
        }

        public List<FieldViolation> violations() {
            return violations;
        }

        private static String summary(List<FieldViolation> violations) {
            StringBuilder b = new StringBuilder("invalid request");
            for (FieldViolation v : violations) {
                b.append(b.length() == 15 ? ": " : "; ").append(v.field()).append(": ").append(v.description());
            }
            return b.toString();
        }
    }

    /** UNAUTHENTICATED: the request is not signed, or its signature does not verify. */
    public static final class Unauthenticated extends ControlPlaneException {
        private static final long serialVersionUID = 1L;

        public Unauthenticated(String message) {
            super(message);
        }
    }

    /** PERMISSION_DENIED: an unknown or revoked key, or one the wallet's governance does not list. */
    public static final class PermissionDenied extends ControlPlaneException {
        private static final long serialVersionUID = 1L;

        public PermissionDenied(String message) {
            super(message);
        }
    }

    /** NOT_FOUND: the named wallet, request, operation, client or node does not exist. */
    public static final class NotFound extends ControlPlaneException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message);
        }
    }

    /** FAILED_PRECONDITION: the wallet's state or governance forbids the request. */
    public static final class FailedPrecondition extends ControlPlaneException {
        private static final long serialVersionUID = 1L;

        public FailedPrecondition(String message) {
            super(message);
        }
    }

    /** ALREADY_EXISTS: the idempotency key was used before for other bytes. */
    public static final class AlreadyExists extends ControlPlaneException {
        private static final long serialVersionUID = 1L;

        public AlreadyExists(String message) {
            super(message);
        }
    }

    /** UNIMPLEMENTED: a feature this build does not have yet. */
    public static final class Unimplemented extends ControlPlaneException {
        private static final long serialVersionUID = 1L;

        public Unimplemented(String message) {
            super(message);
        }
    }
}
