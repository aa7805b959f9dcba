package io.custody.signer.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.SealedShare;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.signer.session.SessionFailure;
import io.custody.signer.session.SessionOutcome;
import org.junit.jupiter.api.Test;

class JobResultsTest {

    @Test
    void aDkgResultReportsTheChainCode() {
        byte[] chainCode = new byte[32];
        chainCode[5] = 9;
        SealedShare share = SealedShare.newBuilder().setShareVersion(1)
                .setPublicKey(ByteString.copyFrom(new byte[33])).setChainCode(ByteString.copyFrom(chainCode)).build();
        JobResult result = JobResults.dkg("job", 1, "s1", new SessionOutcome.Sealed(share, new byte[32]));
        assertEquals(ByteString.copyFrom(chainCode), result.getDkg().getChainCode());
    }

    @Test
    void anEnclaveRefusalIsANonRetryableUnauthorizedFailure() {
        SessionFailure refused = new SessionFailure(SessionFailure.Kind.UNAUTHORIZED, 1,
                ErrorCode.ERROR_CODE_UNAUTHORIZED, 0, "", "the client signature does not verify", false);
        JobResult result = JobResults.failed("job", 1, "s1", refused, refused.retryable());
        assertEquals(FailureCode.FAILURE_CODE_UNAUTHORIZED, result.getFailure().getCode());
        assertFalse(result.getFailure().getRetryable());
        assertEquals("phase 1: the client signature does not verify", result.getFailure().getMessage());
    }
}
