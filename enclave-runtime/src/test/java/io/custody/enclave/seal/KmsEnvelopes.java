package io.custody.enclave.seal;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * Builds {@code CiphertextForRecipient} envelopes the way KMS does (RSAES-OAEP-SHA-256 key
 * transport to the attested key, AES-256-CBC content), plus each variant the opener refuses.
 */
public final class KmsEnvelopes {
    /** KMS names the recipient by a key identifier, not a certificate. */
    private static final byte[] KEY_ID = {1, 2, 3, 4, 5, 6, 7, 8};

    static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private KmsEnvelopes() {}

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        return generator.generateKeyPair();
    }

    /** What KMS returns for {@code content}: OAEP-SHA-256 to {@code recipient}, AES-256-CBC. */
    public static byte[] kms(PublicKey recipient, byte[] content) throws Exception {
        return envelope(content, CMSAlgorithm.AES256_CBC, oaep(recipient, OAEP_SHA256));
    }

    static RecipientInfoGenerator oaep(PublicKey recipient, OAEPParameterSpec spec) throws Exception {
        AlgorithmIdentifier algorithm = new JcaAlgorithmParametersConverter()
                .getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, spec);
        return new JceKeyTransRecipientInfoGenerator(KEY_ID, algorithm, recipient);
    }

    static RecipientInfoGenerator pkcs1v15(PublicKey recipient) {
        return new JceKeyTransRecipientInfoGenerator(KEY_ID, recipient);
    }

    static RecipientInfoGenerator kek() {
        return new JceKEKRecipientInfoGenerator(KEY_ID, new SecretKeySpec(new byte[32], "AES"));
    }

    static byte[] envelope(byte[] content, ASN1ObjectIdentifier cipher, RecipientInfoGenerator... recipients)
            throws Exception {
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        for (RecipientInfoGenerator recipient : recipients) {
            generator.addRecipientInfoGenerator(recipient);
        }
        return generator.generate(new CMSProcessableByteArray(content),
                new JceCMSContentEncryptorBuilder(cipher).build()).getEncoded();
    }

    /** {@code envelope} with its recipient infos replaced by an empty set. */
    static byte[] withoutRecipients(byte[] envelope) throws Exception {
        EnvelopedData data = EnvelopedData.getInstance(ContentInfo.getInstance(envelope).getContent());
        EnvelopedData empty = new EnvelopedData(data.getOriginatorInfo(), new DERSet(),
                data.getEncryptedContentInfo(), data.getUnprotectedAttrs());
        return new ContentInfo(CMSObjectIdentifiers.envelopedData, empty).getEncoded();
    }

}
