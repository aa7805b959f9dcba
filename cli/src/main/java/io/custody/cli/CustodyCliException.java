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
                CustodyCliException.NatsFailure,
                CustodyCliException.MissingPrerequisite,
                CustodyCliException.ClusterFailure {

    /** Exit code of a missing prerequisite: distinct, so scripts can tell "install X" from a failure. */
    public static final int EXIT_MISSING_PREREQUISITE = 3;

    @Serial private static final long serialVersionUID = 1L;

    CustodyCliException(String message, Throwable cause) {
        super(message, cause);
    }

    /** custodyctl's exit code for this failure: 1, or {@link #EXIT_MISSING_PREREQUISITE}. */
    public int exitCode() {
        return 1;
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

    /**
     * Something the command needs is not there (a binary, a built checkout, a free port). The
     * message names it and the exact fix; exit code {@link #EXIT_MISSING_PREREQUISITE}.
     */
    public static final class MissingPrerequisite extends CustodyCliException {
        @Serial private static final long serialVersionUID = 1L;

        public MissingPrerequisite(String message) {
            super(message, null);
        }

        @Override
        public int exitCode() {
            return EXIT_MISSING_PREREQUISITE;
        }
    }

    /** A component of the local dev cluster did not start, stop or answer as it should. */
    public static final class ClusterFailure extends CustodyCliException {
        @Serial private static final long serialVersionUID = 1L;

        public ClusterFailure(String message) {
            super(message, null);
        }

        public ClusterFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
