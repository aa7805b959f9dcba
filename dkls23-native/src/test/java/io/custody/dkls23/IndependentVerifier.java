package io.custody.dkls23;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** Checks signatures with code that shares nothing with the DKLs23 crates: BouncyCastle and web3j. */
final class IndependentVerifier {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    private static final BigInteger HALF_ORDER = CURVE.getN().shiftRight(1);

    private IndependentVerifier() {}

    /** BouncyCastle's ECDSA verification against a SEC1 compressed public key. */
    static boolean verifies(byte[] compressedPublicKey, byte[] hash, Signature signature) {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(compressedPublicKey), DOMAIN));
        return verifier.verifySignature(hash, new BigInteger(1, signature.r()), new BigInteger(1, signature.s()));
    }

    static boolean isLowS(Signature signature) {
        return new BigInteger(1, signature.s()).compareTo(HALF_ORDER) <= 0;
    }

    /** The EIP-55 address web3j recovers from the hash, r, s and the recovery id. */
    static String recoveredAddress(byte[] hash, Signature signature) throws java.security.SignatureException {
        Sign.SignatureData data = new Sign.SignatureData((byte) (27 + signature.recoveryId()), signature.r(), signature.s());
        BigInteger publicKey = Sign.signedMessageHashToKey(hash, data);
        return Keys.toChecksumAddress(Keys.getAddress(publicKey));
    }
}
