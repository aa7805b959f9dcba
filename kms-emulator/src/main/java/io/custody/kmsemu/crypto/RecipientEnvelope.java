package io.custody.kmsemu.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * {@code CiphertextForRecipient} as KMS makes it: a CMS ContentInfo holding EnvelopedData with
 * one KeyTransRecipientInfo (RSAES-OAEP, SHA-256, MGF1 with SHA-256, empty label) to the attested
 * RSA key, content encrypted with AES-256-CBC. The recipient is identified by the SHA-256 of its
 * SubjectPublicKeyInfo (the key has no certificate).
 */
public final class RecipientEnvelope {
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private RecipientEnvelope() {}

    public static byte[] seal(RSAPublicKey recipient, byte[] content) {
        try {
            AlgorithmIdentifier oaep = new JcaAlgorithmParametersConverter()
                    .getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, OAEP_SHA256);
            byte[] keyIdentifier = MessageDigest.getInstance("SHA-256").digest(recipient.getEncoded());
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(
                    new JceKeyTransRecipientInfoGenerator(keyIdentifier, oaep, recipient));
            return generator.generate(new CMSProcessableByteArray(content),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build()).getEncoded();
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException("cannot build CMS EnvelopedData", e);
        }
    }
}
