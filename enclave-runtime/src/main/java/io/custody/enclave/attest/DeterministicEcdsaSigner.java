package io.custody.enclave.attest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.operator.ContentSigner;

/**
 * ecdsa-with-SHA384 with RFC 6979 nonces, for certificates: the same key and message always give
 * the same DER signature, which is what makes the dev root certificate byte-identical everywhere.
 * One instance signs one certificate.
 */
final class DeterministicEcdsaSigner implements ContentSigner {

    private static final AlgorithmIdentifier ECDSA_WITH_SHA384 =
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384);

    private final ECPrivateKeyParameters key;
    private final ByteArrayOutputStream signed = new ByteArrayOutputStream();

    DeterministicEcdsaSigner(ECPrivateKeyParameters key) {
        this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ECDSA_WITH_SHA384;
    }

    @Override
    public OutputStream getOutputStream() {
        return signed;
    }

    @Override
    public byte[] getSignature() {
        byte[] message = signed.toByteArray();
        SHA384Digest sha384 = new SHA384Digest();
        sha384.update(message, 0, message.length);
        byte[] hash = new byte[sha384.getDigestSize()];
        sha384.doFinal(hash, 0);

        ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
        ecdsa.init(true, key);
        BigInteger[] rs = ecdsa.generateSignature(hash);
        ASN1EncodableVector sequence = new ASN1EncodableVector();
        sequence.add(new ASN1Integer(rs[0]));
        sequence.add(new ASN1Integer(rs[1]));
        try {
            return new DERSequence(sequence).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    @Override
    public String toString() {
        return "DeterministicEcdsaSigner[key not shown]";
    }
}
