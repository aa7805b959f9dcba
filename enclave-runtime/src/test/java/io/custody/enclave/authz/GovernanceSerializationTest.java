package io.custody.enclave.authz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.custody.proto.v1.ClientPublicKey;
import io.custody.proto.v1.SignatureAlgorithm;
import io.custody.proto.v1.WalletGovernance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GovernanceSerializationTest {
    private static TestClient ed25519;
    private static TestClient p256;

    @BeforeAll
    static void keys() throws Exception {
        ed25519 = TestClient.ed25519();
        p256 = TestClient.p256();
    }

    private static WalletGovernance governance(ClientPublicKey... keys) {
        WalletGovernance.Builder builder = WalletGovernance.newBuilder();
        for (ClientPublicKey key : keys) {
            builder.addSigningKeys(key);
        }
        return builder.build();
    }

    @Test
    void canonicalBytesRoundTrip() {
        Governance governance = GovernanceSerialization.fromProto(
                governance(ed25519.publicKey(), p256.publicKey()).toBuilder().setAllowRawDigestSigning(true).build());
        assertTrue(governance.isGoverned());
        assertTrue(governance.allowsRawDigestSigning());
        assertTrue(governance.key(ed25519.keyId()).isPresent());
        assertTrue(governance.key(p256.keyId()).isPresent());
        Governance again = GovernanceSerialization.fromCanonicalBytes(governance.canonicalBytes());
        assertArrayEquals(governance.canonicalBytes(), again.canonicalBytes());
        assertTrue(again.allowsRawDigestSigning());
    }

    @Test
    void emptyBytesAreUngoverned() {
        assertSame(Governance.UNGOVERNED, GovernanceSerialization.fromCanonicalBytes(new byte[0]));
        assertFalse(Governance.UNGOVERNED.isGoverned());
        assertFalse(Governance.UNGOVERNED.allowsRawDigestSigning());
    }

    @Test
    void refusesGovernanceThatCouldNotBeChecked() {
        ClientPublicKey good = ed25519.publicKey();
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromProto(governance()));
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromProto(governance(good, good)));
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromProto(governance(
                good.toBuilder().setKeyId("sha256:" + "00".repeat(32)).build())));
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromProto(governance(
                good.toBuilder().setAlgorithm(SignatureAlgorithm.SIGNATURE_ALGORITHM_UNSPECIFIED).build())));
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromProto(governance(
                good.toBuilder().setAlgorithm(SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_P256_SHA256).build())));
        ByteString junk = ByteString.copyFromUtf8("not a key");
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromProto(governance(
                good.toBuilder().setPublicKey(junk).setKeyId(io.custody.proto.signature.ClientKeyIds.of(junk.toByteArray())).build())));
        WalletGovernance unknown = governance(good).toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromProto(unknown));
    }

    @Test
    void refusesBytesThatAreNotCanonicalOrNotGovernance() {
        byte[] canonical = GovernanceSerialization.fromProto(governance(ed25519.publicKey())).canonicalBytes();
        byte[] withDefault = new byte[canonical.length + 2];
        System.arraycopy(canonical, 0, withDefault, 0, canonical.length);
        withDefault[canonical.length] = 0x10; // allow_raw_digest_signing = false, written out
        assertThrows(InvalidGovernanceException.class, () -> GovernanceSerialization.fromCanonicalBytes(withDefault));
        assertThrows(InvalidGovernanceException.class,
                () -> GovernanceSerialization.fromCanonicalBytes(new byte[] {(byte) 0xff, 0x01}));
    }
}
