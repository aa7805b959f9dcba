package io.custody.cli;

import java.io.Serial;

/**
 * Everything custodyctl refuses or fails at. Sealed: each kind names its cause; the message is
 * shown to the operator as is, so it never carries key material.
 */
public sealed class CustodyCliException extends RuntimeException
        permits CustodyCliException.InvalidDeployment,
                CustodyCliException.OutputExists,
                CustodyCliException.IoFailure,
                CustodyCliException.NatsFailure {

    @Serial private static final long serialVersionUID = 1L;

    CustodyCliException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The requested deployment is inconsistent (bad counts, names, port, version). */
    public static final class InvalidDeployment extends CustodyCliException {
        @Serial private static final long serialVersionUID = 1L;

        public InvalidDeployment(String message) {
            super(message, null);
        }
    }

    /** Output already present: regenerating would silently rotate every NKey of a deployment. */
    public static final class OutputExists extends CustodyCliException {
        @Serial private static final long serialVersionUID = 1L;

        public OutputExists(String message) {
            super(message, null);
        }
    }

    /** Writing a file or running a helper process failed. */
    public static final class IoFailure extends CustodyCliException {
        @Serial private static final long serialVersionUID = 1L;

        public IoFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Talking to nats-server (JetStream bootstrap) failed. */
    public static final class NatsFailure extends CustodyCliException {
        @Serial private static final long serialVersionUID = 1L;

        public NatsFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
