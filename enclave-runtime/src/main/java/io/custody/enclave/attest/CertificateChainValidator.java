package io.custody.enclave.attest;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks {@code cabundle[0] → … → certificate}: the first entry must be a pinned root (by the
 * SHA-256 of its exact DER bytes) and self-signed; the rest must form a valid PKIX path from it
 * to the leaf (signatures, issuer names, CA basic constraints, path lengths, key usage, critical
 * extensions), with every certificate, the root included, valid at each given instant.
 */
final class CertificateChainValidator {

    private CertificateChainValidator() {}

    /** Parses a DER certificate from a document. */
    static X509Certificate parse(String field, byte[] der) throws MalformedDocumentException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new MalformedDocumentException(field + " is not a DER X.509 certificate", e);
        }
    }

    /** Returns the parsed leaf once the chain is trusted. */
    static X509Certificate validate(List<byte[]> cabundle, byte[] leafDer,
            Set<String> trustedRootSha256, List<Instant> instants)
            throws MalformedDocumentException, UntrustedRootException, ChainException {
        String rootFingerprint = DevRoot.fingerprint(cabundle.getFirst());
        if (!trustedRootSha256.contains(rootFingerprint)) {
            throw new UntrustedRootException(
                    "cabundle[0] (SHA-256 " + rootFingerprint + ") is not a trusted root");
        }
        X509Certificate root = parse("cabundle[0]", cabundle.getFirst());
        List<X509Certificate> leafFirst = new ArrayList<>();
        leafFirst.add(parse("certificate", leafDer));
        for (int i = cabundle.size() - 1; i >= 1; i--) {
            leafFirst.add(parse("cabundle[" + i + "]", cabundle.get(i)));
        }
        try {
            root.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ChainException("pinned root is not correctly self-signed", e);
        }
        for (Instant instant : instants) {
            checkPath(root, leafFirst, instant);
        }
        return leafFirst.getFirst();
    }

    private static void checkPath(X509Certificate root, List<X509Certificate> leafFirst, Instant at)
            throws ChainException {
        Date date = Date.from(at);
        try {
            root.checkValidity(date);
        } catch (CertificateException e) {
            throw new ChainException("root certificate is not valid at " + at, e);
        }
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(leafFirst);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(date);
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            String which = index < 0 ? "the chain"
                    : index == 0 ? "the leaf"
                    : "cabundle[" + (leafFirst.size() - index) + "]";
            throw new ChainException("certificate chain does not validate at " + at + ": " + which
                    + " failed (" + e.getReason() + ")", e);
        } catch (InvalidAlgorithmParameterException | CertificateException e) {
            throw new ChainException("certificate chain cannot be checked", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PKIX validator", e);
        }
    }
}
