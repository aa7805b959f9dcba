package io.custody.signer.session;

import io.custody.proto.enclave.v1.ErrorCode;

/**
 * Why a party's session ended without an outcome.
 *
 * @param phase              the step (1..4) that failed, or the phase whose messages never came
 * @param enclaveCode        the enclave's error code, {@code ERROR_CODE_UNSPECIFIED} when it did not answer
 * @param culpritParty       the party named (by the enclave, or as the first one missing), 0 if none
 * @param culpritNodeId      that party's node, empty if none
 * @param phase2Released     this party sent its phase-2 messages: without them no party can run
 *                           step 3, so while false no phase-3 (last-round) broadcast can exist
 */
public record SessionFailure(Kind kind, int phase, ErrorCode enclaveCode, int culpritParty, String culpritNodeId,
                             String message, boolean phase2Released) {
    public enum Kind {
        /** A phase's messages did not arrive, or the enclave reported its session timed out. */
        TIMEOUT,
        /** The enclave aborted or refused the session (benign: nobody is banned). */
        ABORTED,
        /** The enclave proved a party cheated: never retry with it until a complete refresh. */
        CHEATING,
        /** The enclave did not answer (connection broken, call timed out). */
        ENCLAVE_UNAVAILABLE,
        /**
         * The enclave refused the client's request (signature, governance, payload): every enclave
         * would refuse it the same way, so it is never retried.
         */
        UNAUTHORIZED
    }

    /** May the job run again with a new session id (docs/mpc-protocol.md, failure rules)? */
    public boolean retryable() {
        return kind != Kind.CHEATING && kind != Kind.UNAUTHORIZED && !phase2Released;
    }
}
