package io.custody.enclave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.enclave.attest.EnclaveIdentity;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

class RawPublicKeysTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void generatedKeysSurviveRoundTrip() {
        for (int i = 0; i < 20; i++) {
            EnclaveIdentity id = EnclaveIdentity.generate();
            PublicKey x = id.x25519().getPublic();
            PublicKey ed = id.ed25519().getPublic();
            byte[] xRaw = RawPublicKeys.x25519ToRaw(x);
            byte[] edRaw = RawPublicKeys.ed25519ToRaw(ed);
            assertEquals(32, xRaw.length);
            assertEquals(32, edRaw.length);
            assertEquals(x, RawPublicKeys.x25519FromRaw(xRaw));
            assertEquals(ed, RawPublicKeys.ed25519FromRaw(edRaw));
            assertArrayEquals(xRaw, RawPublicKeys.x25519ToRaw(RawPublicKeys.x25519FromRaw(xRaw)));
            assertArrayEquals(edRaw, RawPublicKeys.ed25519ToRaw(RawPublicKeys.ed25519FromRaw(edRaw)));
        }
    }

    /** The raw form is the X.509 SubjectPublicKeyInfo's last 32 bytes for both algorithms. */
    @Test
    void rawFormIsTheBitStringOfTheX509Encoding() {
        EnclaveIdentity id = EnclaveIdentity.generate();
        byte[] x509x = id.x25519().getPublic().getEncoded();
        byte[] x509ed = id.ed25519().getPublic().getEncoded();
        assertArrayEquals(java.util.Arrays.copyOfRange(x509x, x509x.length - 32, x509x.length),
                RawPublicKeys.x25519ToRaw(id.x25519().getPublic()));
        assertArrayEquals(java.util.Arrays.copyOfRange(x509ed, x509ed.length - 32, x509ed.length),
                RawPublicKeys.ed25519ToRaw(id.ed25519().getPublic()));
    }

    /** RFC 7748 section 6.1: Alice's public key is X25519(a, 9). */
    @Test
    void x25519MatchesRfc7748() throws Exception {
        PrivateKey alice = KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
                HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")));
        byte[] basePoint = new byte[32];
        basePoint[0] = 9;
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(alice);
        agreement.doPhase(RawPublicKeys.x25519FromRaw(basePoint), true);
        byte[] alicePublic = HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertArrayEquals(alicePublic, agreement.generateSecret());
        assertArrayEquals(alicePublic, RawPublicKeys.x25519ToRaw(RawPublicKeys.x25519FromRaw(alicePublic)));
    }

    /** RFC 8032 section 7.1, TEST 1 (empty message). */
    @Test
    void ed25519MatchesRfc8032() throws Exception {
        PrivateKey secret = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519,
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
        PublicKey decoded = RawPublicKeys.ed25519FromRaw(
                HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        byte[] expected = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(secret);
        assertArrayEquals(expected, signer.sign());
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(decoded);
        assertTrue(verifier.verify(expected));
    }

    @Test
    void nonCanonicalOrMisSizedEncodingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.x25519FromRaw(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.ed25519FromRaw(new byte[33]));
        byte[] topBit = new byte[32];
        topBit[0] = 9;
        topBit[31] = (byte) 0x80;
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.x25519FromRaw(topBit));
        byte[] p = littleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19)));
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.x25519FromRaw(p));
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.ed25519FromRaw(p));
    }

    @Test
    void keysOfTheWrongTypeAreRefused() {
        EnclaveIdentity id = EnclaveIdentity.generate();
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.x25519ToRaw(id.ed25519().getPublic()));
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.ed25519ToRaw(id.x25519().getPublic()));
        assertThrows(IllegalArgumentException.class, () -> RawPublicKeys.ed25519ToRaw(id.rsa().getPublic()));
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] be = value.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
