package io.custody.enclave.process;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/** Verifies secp256k1 signatures with BouncyCastle, which shares no code with the DKLs23 crates. */
public final class IndependentCheck {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

    private IndependentCheck() {}

    public static boolean verifies(byte[] compressedPublicKey, byte[] hash, byte[] r, byte[] s) {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(compressedPublicKey), DOMAIN));
        return verifier.verifySignature(hash, new BigInteger(1, r), new BigInteger(1, s));
    }
}
