package io.custody.enclave.attest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/**
 * The DEV attestation root: a P-384 CA whose private key is SHA-384 of a public seed, reduced mod
 * n. Anyone can recompute that key, so a document under this root proves nothing; it exists so
 * that every process on a developer machine agrees on one root without sharing a file.
 *
 * <p>The certificate is byte-identical in every process: fixed serial, fixed validity
 * (2025-01-01 to 2045-01-01), fixed subject, RFC 6979 signatures.
 */
final class DevRoot {

    static final String SEED = "custody dev attestation root v1";
    static final String SUBJECT = "CN=Custody DEV attestation root \u2014 NOT FOR PRODUCTION,O=Custody";

    private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2045-01-01T00:00:00Z");
    private static final X9ECParameters P384 = ECNamedCurveTable.getByName("secp384r1");

    private static final class Holder {
        static final DevRoot INSTANCE = fromSeed(SEED, SUBJECT);
    }

    private final ECPrivateKeyParameters key;
    private final X500Name subject;
    private final byte[] certificateDer;
    private final X509Certificate certificate;

    private DevRoot(ECPrivateKeyParameters key, X500Name subject, byte[] certificateDer) {
        this.key = key;
        this.subject = subject;
        this.certificateDer = certificateDer;
        this.certificate = parse(certificateDer);
    }

    /** The one dev root every Custody process shares. */
    static DevRoot instance() {
        return Holder.INSTANCE;
    }

    /** A root derived from another seed; tests use it as a root nobody trusts. */
    static DevRoot fromSeed(String seed, String subject) {
        BigInteger n = P384.getN();
        BigInteger d = new BigInteger(1, sha384(seed.getBytes(StandardCharsets.UTF_8))).mod(n);
        if (d.signum() == 0) {
            throw new IllegalStateException("seed hashes to zero mod n; pick another seed");
        }
        ECPrivateKeyParameters key = new ECPrivateKeyParameters(d, new ECDomainParameters(P384));
        X500Name name = new X500Name(subject);
        PublicKey publicKey = publicKey(d);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(NOT_BEFORE), Date.from(NOT_AFTER), name,
                SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new BcX509ExtensionUtils().createSubjectKeyIdentifier(
                            SubjectPublicKeyInfo.getInstance(publicKey.getEncoded())));
            byte[] der = builder.build(new DeterministicEcdsaSigner(key)).getEncoded();
            return new DevRoot(key, name, der);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the dev root certificate", e);
        }
    }

    /** Issues a CA=false, digitalSignature-only certificate for an attestation signing key. */
    byte[] issueLeaf(PublicKey leafKey, String leafSubject, BigInteger serial,
            Instant notBefore, Instant notAfter) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(leafKey.getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                subject, serial, Date.from(notBefore), Date.from(notAfter), new X500Name(leafSubject), info);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            return builder.build(new DeterministicEcdsaSigner(key)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot build a dev leaf certificate", e);
        }
    }

    byte[] certificateDer() {
        return certificateDer.clone();
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Lower-case hex SHA-256 of the DER, the form {@link VerificationPolicy} pins roots by. */
    String sha256Fingerprint() {
        return fingerprint(certificateDer);
    }

    static String fingerprint(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "DevRoot[" + subject + ", key not shown (though it is public knowledge)]";
    }

    private static PublicKey publicKey(BigInteger d) {
        org.bouncycastle.math.ec.ECPoint q = P384.getG().multiply(d).normalize();
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp384r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-384 public keys", e);
        }
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the dev root certificate does not parse", e);
        }
    }

    private static byte[] sha384(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-384", e);
        }
    }
}
