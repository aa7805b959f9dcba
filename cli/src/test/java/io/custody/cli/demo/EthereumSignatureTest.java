package io.custody.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;

/** Known answers from Ethereum tooling, and recovery against keys signed here. */
class EthereumSignatureTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    @Test
    void keccakOfNothing() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HEX.formatHex(EthereumSignature.keccak256(new byte[0])));
    }

    @Test
    void personalMessageHashMatchesEthersHashMessage() {
        assertEquals("a1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2",
                HEX.formatHex(EthereumSignature.personalMessageHash("Hello World")));
    }

    @Test
    void addressOfPrivateKeyOneIsTheWellKnownOneWithItsChecksum() {
        byte[] generator = CURVE.getG().getEncoded(true);
        assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", EthereumSignature.address(generator));
        assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf",
                EthereumSignature.address(CURVE.getG().getEncoded(false)), "compressed or not, one address");
    }

    @Test
    void verifiesAndRecoversWhatBouncyCastleSigned() {
        BigInteger key = new BigInteger(1, EthereumSignature.keccak256("a test key".getBytes(StandardCharsets.UTF_8)));
        byte[] publicKey = CURVE.getG().multiply(key).getEncoded(true);
        byte[] hash = EthereumSignature.personalMessageHash("Custody demo");
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key, new ECDomainParameters(CURVE)));
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger r = rs[0];
        BigInteger s = EthereumSignature.isLowS(rs[1]) ? rs[1] : EthereumSignature.otherS(rs[1]);

        assertTrue(EthereumSignature.verifies(publicKey, hash, r, s));
        int id = EthereumSignature.recoveryId(publicKey, hash, r, s);
        assertTrue(id == 0 || id == 1);
        assertEquals(1 - id, EthereumSignature.recoveryId(publicKey, hash, r, EthereumSignature.otherS(s)),
                "the other s recovers with the other parity");
        byte[] otherKey = CURVE.getG().multiply(key.add(BigInteger.ONE)).getEncoded(true);
        assertEquals(-1, EthereumSignature.recoveryId(otherKey, hash, r, s));
        assertFalse(EthereumSignature.verifies(otherKey, hash, r, s));

        String sig = EthereumSignature.ethereumHex(r, s, id);
        assertEquals(2 + 130, sig.length());
        assertTrue(sig.endsWith(id == 0 ? "1b" : "1c"));
    }
}
