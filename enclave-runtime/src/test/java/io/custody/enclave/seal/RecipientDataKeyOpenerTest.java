package io.custody.enclave.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.dkls23.SecretBytes;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RecipientDataKeyOpenerTest {

    private static KeyPair enclave;
    private static KeyPair stranger;
    private static RecipientDataKeyOpener opener;
    private final byte[] dataKey = new byte[DataKey.LENGTH];

    @BeforeAll
    static void keys() throws Exception {
        enclave = KmsEnvelopes.rsa();
        stranger = KmsEnvelopes.rsa();
        opener = new RecipientDataKeyOpener(enclave.getPrivate());
    }

    RecipientDataKeyOpenerTest() {
        new SecureRandom().nextBytes(dataKey);
    }

    @Test
    void opensWhatKmsSends() throws Exception {
        byte[] envelope = KmsEnvelopes.kms(enclave.getPublic(), dataKey);
        try (DataKey key = opener.open(envelope)) {
            assertArrayEquals(dataKey, key.bytes());
        }
    }

    @Test
    void opensTheDerEncodingToo() throws Exception {
        byte[] der = ASN1Primitive.fromByteArray(KmsEnvelopes.kms(enclave.getPublic(), dataKey))
                .getEncoded(ASN1Encoding.DER);
        try (DataKey key = opener.open(der)) {
            assertArrayEquals(dataKey, key.bytes());
        }
    }

    @Test
    void theOpenedKeySealsAndOpensShares() throws Exception {
        ShareSealer sealer = new ShareSealer();
        ShareAad aad = TestShares.aad(TestShares.GENERATOR);
        byte[] blob;
        try (DataKey key = DataKey.copyOf(dataKey)) {
            blob = sealer.seal(key, aad, new SecretBytes(new byte[] {9, 9}));
        }
        try (DataKey key = opener.open(KmsEnvelopes.kms(enclave.getPublic(), dataKey));
                SecretBytes opened = sealer.open(key, aad, blob)) {
            assertArrayEquals(new byte[] {9, 9}, opened.bytes());
        }
    }

    @Test
    void refusesPkcs1v15KeyTransport() throws Exception {
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.AES256_CBC, KmsEnvelopes.pkcs1v15(enclave.getPublic())),
                "1.2.840.113549.1.1.1");
    }

    @Test
    void refusesOaepWithSha1() throws Exception {
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.AES256_CBC,
                KmsEnvelopes.oaep(enclave.getPublic(), new OAEPParameterSpec("SHA-1", "MGF1",
                        MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT))), "SHA-256");
    }

    @Test
    void refusesOaepWithSha256ButMgf1Sha1() throws Exception {
        OAEPParameterSpec mixed = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT);
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.AES256_CBC,
                KmsEnvelopes.oaep(enclave.getPublic(), mixed)), "MGF1");
    }

    @Test
    void refusesOaepWithALabel() throws Exception {
        OAEPParameterSpec labelled = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                new PSource.PSpecified(new byte[] {1}));
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.AES256_CBC,
                KmsEnvelopes.oaep(enclave.getPublic(), labelled)), "label");
    }

    @Test
    void refusesOtherContentCiphers() throws Exception {
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.AES128_CBC,
                KmsEnvelopes.oaep(enclave.getPublic(), KmsEnvelopes.OAEP_SHA256)), "AES-256-CBC");
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.DES_EDE3_CBC,
                KmsEnvelopes.oaep(enclave.getPublic(), KmsEnvelopes.OAEP_SHA256)), "AES-256-CBC");
    }

    @Test
    void refusesAuthEnvelopedData() throws Exception {
        CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(KmsEnvelopes.oaep(enclave.getPublic(), KmsEnvelopes.OAEP_SHA256));
        byte[] gcm = generator.generate(new CMSProcessableByteArray(dataKey),
                (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                        .setProvider(new BouncyCastleProvider()).build())
                .getEncoded();
        refused(gcm, "not EnvelopedData");
    }

    @Test
    void refusesTwoRecipients() throws Exception {
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.AES256_CBC,
                KmsEnvelopes.oaep(enclave.getPublic(), KmsEnvelopes.OAEP_SHA256),
                KmsEnvelopes.oaep(stranger.getPublic(), KmsEnvelopes.OAEP_SHA256)), "2 recipients");
    }

    @Test
    void refusesNoRecipients() throws Exception {
        refused(KmsEnvelopes.withoutRecipients(KmsEnvelopes.kms(enclave.getPublic(), dataKey)), "0 recipients");
    }

    @Test
    void refusesRecipientsThatAreNotKeyTransport() throws Exception {
        refused(KmsEnvelopes.envelope(dataKey, CMSAlgorithm.AES256_CBC, KmsEnvelopes.kek()), "key transport");
    }

    @Test
    void refusesAnEnvelopeForAnotherKey() throws Exception {
        refused(KmsEnvelopes.kms(stranger.getPublic(), dataKey), "does not decrypt");
    }

    @Test
    void refusesContentThatIsNotA32ByteKey() throws Exception {
        refused(KmsEnvelopes.kms(enclave.getPublic(), new byte[16]), "16 bytes");
        refused(KmsEnvelopes.kms(enclave.getPublic(), new byte[33]), "33 bytes");
        refused(KmsEnvelopes.kms(enclave.getPublic(), new byte[0]), "0 bytes");
    }

    @Test
    void refusesGarbageOtherContentTypesAndTruncation() throws Exception {
        refused(new byte[0], "outside");
        refused(new byte[RecipientDataKeyOpener.MAX_ENVELOPE_LENGTH + 1], "outside");
        refused(HexFormat.of().parseHex("3003020101"), "ContentInfo");
        refused(new ContentInfo(CMSObjectIdentifiers.data, new DEROctetString(dataKey)).getEncoded(),
                "not EnvelopedData");
        byte[] valid = ASN1Primitive.fromByteArray(KmsEnvelopes.kms(enclave.getPublic(), dataKey))
                .getEncoded(ASN1Encoding.DER);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        assertThrows(RecipientKeyException.class, () -> opener.open(trailing), "trailing byte");
        for (int length = 1; length < valid.length; length += 7) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThrows(RecipientKeyException.class, () -> opener.open(truncated), "length " + length);
        }
    }

    @Test
    void refusesNonRsaKeys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        assertThrows(IllegalArgumentException.class,
                () -> new RecipientDataKeyOpener(ec.generateKeyPair().getPrivate()));
    }

    @Test
    void messagesNameNoKeyBytes() throws Exception {
        RecipientKeyException e = assertThrows(RecipientKeyException.class,
                () -> opener.open(KmsEnvelopes.kms(enclave.getPublic(), new byte[31])));
        assertFalse(e.getMessage().contains(HexFormat.of().formatHex(dataKey, 0, 4)));
        assertTrue(e.getCause() == null);
    }

    private static void refused(byte[] envelope, String messagePart) {
        Executable open = () -> opener.open(envelope).close();
        RecipientKeyException e = assertThrows(RecipientKeyException.class, open);
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
