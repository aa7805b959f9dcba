package io.custody.dkls23.demo;

import io.custody.dkls23.Dkls23;
import io.custody.dkls23.Dkls23Exception;
import io.custody.dkls23.KeyShare;
import io.custody.dkls23.Signature;
import io.custody.dkls23.local.LocalParties;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * The in-process demo behind {@code ./dev/run}: a 3-of-5 DKG, a signature by parties 1, 3 and 5,
 * and a check of that signature with BouncyCastle, which shares no code with the DKLs23 crates.
 * Exits 0 only when the signature verifies.
 */
public final class Demo {
    private static final HexFormat HEX = HexFormat.of();

    private Demo() {}

    public static void main(String[] args) {
        String text = args.length > 0 ? String.join(" ", args) : "Custody demo: hello, threshold ECDSA";
        try {
            System.exit(run(text) ? 0 : 1);
        } catch (Dkls23Exception e) {
            System.err.println("demo failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
        }
    }

    static boolean run(String text) {
        step("native library: " + Dkls23.nativeLibraryPath().getFileName() + ", ABI version " + Dkls23.abiVersion());
        SecureRandom random = new SecureRandom();

        step("distributed key generation, 3-of-5, all five parties in this process ...");
        long start = System.nanoTime();
        List<KeyShare> shares = LocalParties.dkg(3, 5, randomId(random));
        try {
            step("  done in " + millis(start) + " ms");
            KeyShare first = shares.getFirst();
            step("  public key       " + HEX.formatHex(first.publicKey()));
            step("  Ethereum address " + first.ethereumAddress());
            step("  Bitcoin address  " + first.bitcoinAddress());

            byte[] hash = keccak256(text.getBytes(StandardCharsets.UTF_8));
            step("signing keccak256(\"" + text + "\") = " + HEX.formatHex(hash) + " with parties 1, 3 and 5 ...");
            start = System.nanoTime();
            Signature signature = LocalParties.sign(List.of(shares.get(0), shares.get(2), shares.get(4)),
                    randomId(random), hash);
            step("  done in " + millis(start) + " ms");
            step("  r " + HEX.formatHex(signature.r()));
            step("  s " + HEX.formatHex(signature.s()));
            step("  v " + signature.recoveryId());

            boolean valid = verify(first.publicKey(), hash, signature);
            step(valid ? "verified with BouncyCastle's ECDSA verifier: OK" : "BouncyCastle REJECTS the signature");
            return valid;
        } finally {
            shares.forEach(KeyShare::close);
        }
    }

    static boolean verify(byte[] compressedPublicKey, byte[] hash, Signature signature) {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
        ECDomainParameters domain = new ECDomainParameters(curve);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(curve.getCurve().decodePoint(compressedPublicKey), domain));
        return verifier.verifySignature(hash, new BigInteger(1, signature.r()), new BigInteger(1, signature.s()));
    }

    static byte[] keccak256(byte[] data) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] randomId(SecureRandom random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return id;
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void step(String line) {
        System.out.println("[demo] " + line);
    }
}
