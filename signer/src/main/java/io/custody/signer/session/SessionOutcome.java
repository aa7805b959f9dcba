package io.custody.signer.session;

import io.custody.proto.enclave.v1.SealedShare;
import io.custody.proto.enclave.v1.Signature;

/** How one party's side of a session ended. */
public sealed interface SessionOutcome {
    /** Signing finished; {@code finalBroadcastDigest} must agree across the quorum. */
    record Signed(Signature signature, byte[] finalBroadcastDigest) implements SessionOutcome {}

    /** DKG or refresh finished with this node's new sealed share. */
    record Sealed(SealedShare share, byte[] finalBroadcastDigest) implements SessionOutcome {}

    record Failed(SessionFailure failure) implements SessionOutcome {}
}
