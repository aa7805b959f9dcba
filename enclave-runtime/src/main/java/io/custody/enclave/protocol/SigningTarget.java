package io.custody.enclave.protocol;

import io.custody.enclave.authz.Governance;
import io.custody.enclave.authz.RequestAuthorizer;
import io.custody.enclave.authz.SigningIntent;
import io.custody.enclave.authz.UnauthorizedRequestException;
import io.custody.proto.enclave.v1.SessionStart;

/**
 * What a sign session signs, and along which BIP-32 path below the wallet's key. A governed
 * share takes both from the client's signed request alone ({@link RequestAuthorizer}); the
 * host's message_hash may only confirm the digest, and its derive fields must be unset. An
 * ungoverned share (the messaging-plane tests) signs the host's message_hash, as before
 * governance existed, and refuses a client request it has no key to check.
 */
record SigningTarget(byte[] digest, long[] path) {

    static SigningTarget of(SessionStart start, Governance governance) {
        if (start.hasGovernance()) {
            throw new IllegalArgumentException("governance is fixed at the DKG; a sign session must not carry one");
        }
        if (!governance.isGoverned()) {
            if (start.hasRequest()) {
                throw new UnauthorizedRequestException(
                        "the wallet is ungoverned: there is no client key to check the request against");
            }
            long[] path = start.getDerive() ? new long[] {Integer.toUnsignedLong(start.getDerivationChild())} : new long[0];
            return new SigningTarget(start.getMessageHash().toByteArray(), path);
        }
        if (!start.hasRequest()) {
            throw new UnauthorizedRequestException(
                    "a governed wallet signs only a client-signed request, never a bare message hash");
        }
        if (start.getDerive() || start.getDerivationChild() != 0) {
            throw new UnauthorizedRequestException(
                    "derive and derivation_child must be unset for a governed wallet: the path is the client's");
        }
        SigningIntent intent = RequestAuthorizer.authorize(governance, start.getWalletId(), start.getRequest(),
                start.getMessageHash().toByteArray());
        return new SigningTarget(intent.digest(), intent.nativePath());
    }
}
