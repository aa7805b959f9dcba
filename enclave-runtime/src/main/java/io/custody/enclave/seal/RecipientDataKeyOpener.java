package io.custody.enclave.seal;

import java.io.IOException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;

/**
 * Opens the data key KMS returns as {@code CiphertextForRecipient} when a request carries this
 * enclave's attestation document as {@code Recipient}: a CMS (RFC 5652) ContentInfo holding an
 * EnvelopedData, BER or DER, with one KeyTransRecipientInfo whose content-encryption key is
 * wrapped with RSAES-OAEP (SHA-256, MGF1 with SHA-256, empty label; KMS's only
 * {@code KeyEncryptionAlgorithm}, {@code RSAES_OAEP_SHA_256}) to the enclave's RSA key, and
 * content encrypted with AES-256-CBC. The content is the 32-byte data key.
 *
 * <p>Guarantees: anything else is refused with a {@link RecipientKeyException} before any
 * private-key operation: another content type, any other key transport (PKCS#1 v1.5, OAEP with
 * SHA-1 or a label, mixed hashes), any other content cipher, zero or several recipients, or a
 * recipient that is not key transport. The recipient identifier is not matched (KMS names the
 * attestation key, which has no certificate); holding the private key is what counts. A key
 * that does not decrypt, or content that is not exactly 32 bytes, is refused too, and the
 * decrypted content is zeroed once copied into the {@link DataKey}.
 */
public final class RecipientDataKeyOpener {
    /** Far above any real envelope (about 450 bytes for RSA-2048); checked before parsing. */
    public static final int MAX_ENVELOPE_LENGTH = 16 * 1024;

    private static final int CBC_IV_LENGTH = 16;

    private final PrivateKey privateKey;

    /** @param privateKey the enclave's RSA private key, whose public half is in its attestation */
    public RecipientDataKeyOpener(PrivateKey privateKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        if (!"RSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("the recipient key must be RSA, was " + privateKey.getAlgorithm());
        }
    }

    /** Opens {@code ciphertextForRecipient}; the caller owns and closes the result. */
    public DataKey open(byte[] ciphertextForRecipient) throws RecipientKeyException {
        Objects.requireNonNull(ciphertextForRecipient, "ciphertextForRecipient");
        KeyTransRecipientInformation recipient = acceptableRecipient(parse(ciphertextForRecipient));
        byte[] content;
        try {
            content = recipient.getContent(new JceKeyTransEnvelopedRecipient(privateKey));
        } catch (CMSException | RuntimeException e) {
            throw new RecipientKeyException("envelope does not decrypt with this enclave's key");
        }
        try {
            if (content.length != DataKey.LENGTH) {
                throw new RecipientKeyException("envelope content is " + content.length
                        + " bytes, not a " + DataKey.LENGTH + "-byte data key");
            }
            return DataKey.copyOf(content);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static CMSEnvelopedData parse(byte[] bytes) throws RecipientKeyException {
        if (bytes.length == 0 || bytes.length > MAX_ENVELOPE_LENGTH) {
            throw new RecipientKeyException("envelope is " + bytes.length + " bytes, outside 1.."
                    + MAX_ENVELOPE_LENGTH);
        }
        ContentInfo info;
        try {
            info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(bytes));
        } catch (IOException | RuntimeException e) {
            throw new RecipientKeyException("envelope is not a CMS ContentInfo");
        }
        if (info == null || !CMSObjectIdentifiers.envelopedData.equals(info.getContentType())) {
            throw new RecipientKeyException("envelope content type is "
                    + (info == null ? "missing" : info.getContentType().getId()) + ", not EnvelopedData");
        }
        try {
            return new CMSEnvelopedData(info);
        } catch (CMSException | RuntimeException e) {
            throw new RecipientKeyException("envelope is not a well-formed EnvelopedData");
        }
    }

    private static KeyTransRecipientInformation acceptableRecipient(CMSEnvelopedData envelope)
            throws RecipientKeyException {
        requireAes256Cbc(envelope.getContentEncryptionAlgorithm());
        Collection<RecipientInformation> recipients = envelope.getRecipientInfos().getRecipients();
        if (recipients.size() != 1) {
            throw new RecipientKeyException("envelope has " + recipients.size() + " recipients, expected 1");
        }
        if (!(recipients.iterator().next() instanceof KeyTransRecipientInformation recipient)) {
            throw new RecipientKeyException("envelope recipient is not key transport (KeyTransRecipientInfo)");
        }
        requireOaepSha256(recipient.getKeyEncryptionAlgorithm());
        return recipient;
    }

    private static void requireAes256Cbc(AlgorithmIdentifier cipher) throws RecipientKeyException {
        if (!CMSAlgorithm.AES256_CBC.equals(cipher.getAlgorithm())) {
            throw new RecipientKeyException("content cipher is " + cipher.getAlgorithm().getId()
                    + ", expected AES-256-CBC (" + CMSAlgorithm.AES256_CBC.getId() + ")");
        }
        if (!(cipher.getParameters() instanceof ASN1OctetString iv) || iv.getOctets().length != CBC_IV_LENGTH) {
            throw new RecipientKeyException("AES-256-CBC parameters are not a " + CBC_IV_LENGTH + "-byte IV");
        }
    }

    private static void requireOaepSha256(AlgorithmIdentifier transport) throws RecipientKeyException {
        if (!PKCSObjectIdentifiers.id_RSAES_OAEP.equals(transport.getAlgorithm())) {
            throw new RecipientKeyException("key transport is " + transport.getAlgorithm().getId()
                    + ", expected RSAES-OAEP (" + PKCSObjectIdentifiers.id_RSAES_OAEP.getId() + ")");
        }
        RSAESOAEPparams params;
        try {
            params = transport.getParameters() == null ? null : RSAESOAEPparams.getInstance(transport.getParameters());
        } catch (RuntimeException e) {
            params = null;
        }
        if (params == null) {
            throw new RecipientKeyException("RSAES-OAEP parameters are missing or malformed (defaults mean SHA-1)");
        }
        if (!isSha256(params.getHashAlgorithm())) {
            throw new RecipientKeyException("RSAES-OAEP hash is " + params.getHashAlgorithm().getAlgorithm().getId()
                    + ", expected SHA-256");
        }
        AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm()) || !isSha256(mgfHash(mgf))) {
            throw new RecipientKeyException("RSAES-OAEP mask generation is not MGF1 with SHA-256");
        }
        AlgorithmIdentifier label = params.getPSourceAlgorithm();
        if (!PKCSObjectIdentifiers.id_pSpecified.equals(label.getAlgorithm())
                || !(label.getParameters() instanceof ASN1OctetString octets)
                || octets.getOctets().length != 0) {
            throw new RecipientKeyException("RSAES-OAEP label is not empty");
        }
    }

    private static AlgorithmIdentifier mgfHash(AlgorithmIdentifier mgf) {
        try {
            return AlgorithmIdentifier.getInstance(mgf.getParameters());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** SHA-256 with absent or NULL parameters (RFC 4055 allows both). */
    private static boolean isSha256(AlgorithmIdentifier hash) {
        if (hash == null || !NISTObjectIdentifiers.id_sha256.equals(hash.getAlgorithm())) {
            return false;
        }
        ASN1Encodable parameters = hash.getParameters();
        return parameters == null || parameters instanceof ASN1Null;
    }

    @Override
    public String toString() {
        return "RecipientDataKeyOpener[RSAES-OAEP-SHA-256, AES-256-CBC]";
    }
}
