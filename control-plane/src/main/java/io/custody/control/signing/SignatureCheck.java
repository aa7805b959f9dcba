package io.custody.control.signing;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Checks a signature a node reported before it is recorded: (r, s, recovery id) must recover
 * exactly the expected public key from the digest, with s in the low form. A node's bogus result
 * is dropped (the other members of the quorum report the real one); nothing unverified is ever
 * handed to a client as SIGNED.
 */
public final class SignatureCheck {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);

    private SignatureCheck() {}

    public static boolean recovers(byte[] compressedPublicKey, byte[] digest, byte[] r, byte[] s, int recoveryId) {
        if (r.length != 32 || s.length != 32 || digest.length != 32 || (recoveryId != 0 && recoveryId != 1)) {
            return false;
        }
        BigInteger rr = new BigInteger(1, r);
        BigInteger ss = new BigInteger(1, s);
        if (rr.signum() <= 0 || rr.compareTo(N) >= 0 || ss.signum() <= 0 || ss.compareTo(HALF_N) > 0) {
            return false;
        }
        try {
            byte[] encodedR = new byte[33];
            encodedR[0] = (byte) (0x02 | recoveryId);
            System.arraycopy(r, 0, encodedR, 1, 32);
            ECPoint bigR = CURVE.getCurve().decodePoint(encodedR);
            BigInteger e = new BigInteger(1, digest);
            BigInteger rInverse = rr.modInverse(N);
            ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), e.negate().multiply(rInverse).mod(N),
                    bigR, ss.multiply(rInverse).mod(N)).normalize();
            return !q.isInfinity() && Arrays.equals(q.getEncoded(true), compressedPublicKey);
        } catch (IllegalArgumentException notOnCurve) {
            return false;
        }
    }
}
