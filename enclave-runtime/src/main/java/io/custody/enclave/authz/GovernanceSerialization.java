package io.custody.enclave.authz;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.custody.proto.signature.ClientKeyIds;
import io.custody.proto.v1.ClientPublicKey;
import io.custody.proto.v1.WalletGovernance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Governance} to and from {@code custody.v1.WalletGovernance}: the one place the enclave
 * reads the wire form. The canonical bytes are protobuf's deterministic encoding, which a
 * message without unknown fields has exactly one of.
 */
public final class GovernanceSerialization {

    /** Far more than any real key list; bounds what is sealed into every share's AAD. */
    public static final int MAX_BYTES = 64 * 1024;

    private GovernanceSerialization() {}

    /**
     * The governance a DKG binds. Refuses one without signing keys (leave it unset for an
     * ungoverned test wallet), a key whose id is not {@code sha256:} of its bytes, whose
     * algorithm is unspecified or disagrees with its bytes, a duplicate, and unknown fields.
     */
    public static Governance fromProto(WalletGovernance governance) {
        if (!governance.getUnknownFields().asMap().isEmpty()) {
            throw new InvalidGovernanceException("governance carries unknown fields");
        }
        if (governance.getSigningKeysCount() == 0) {
            throw new InvalidGovernanceException("governance needs at least one signing key");
        }
        List<ClientKey> keys = new ArrayList<>(governance.getSigningKeysCount());
        for (int i = 0; i < governance.getSigningKeysCount(); i++) {
            keys.add(key(governance.getSigningKeys(i), i));
        }
        byte[] canonical = deterministic(governance);
        if (canonical.length > MAX_BYTES) {
            throw new InvalidGovernanceException("governance is " + canonical.length + " bytes, over " + MAX_BYTES);
        }
        return new Governance(canonical, keys, governance.getAllowRawDigestSigning());
    }

    /**
     * The governance sealed with a share: empty bytes are {@link Governance#UNGOVERNED}; anything
     * else must parse, pass {@link #fromProto} and be canonical.
     */
    public static Governance fromCanonicalBytes(byte[] bytes) {
        if (bytes.length == 0) {
            return Governance.UNGOVERNED;
        }
        WalletGovernance parsed;
        try {
            parsed = WalletGovernance.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidGovernanceException("governance bytes do not parse as custody.v1.WalletGovernance");
        }
        Governance governance = fromProto(parsed);
        if (!Arrays.equals(governance.canonicalBytes(), bytes)) {
            throw new InvalidGovernanceException("governance bytes are not in canonical form");
        }
        return governance;
    }

    private static ClientKey key(ClientPublicKey key, int index) {
        String where = "signing_keys[" + index + "]: ";
        try {
            if (!key.getUnknownFields().asMap().isEmpty()) {
                throw new InvalidGovernanceException("carries unknown fields");
            }
            byte[] spki = key.getPublicKey().toByteArray();
            if (!ClientKeyIds.of(spki).equals(key.getKeyId())) {
                throw new InvalidGovernanceException("key_id is not " + ClientKeyIds.PREFIX + " and the SHA-256 of public_key");
            }
            ClientKeyAlgorithm algorithm = ClientKeyAlgorithm.of(key.getAlgorithm());
            return new ClientKey(key.getKeyId(), algorithm, algorithm.publicKey(spki));
        } catch (InvalidGovernanceException e) {
            throw new InvalidGovernanceException(where + e.getMessage());
        }
    }

    static byte[] deterministic(Message message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to an array of the exact size
        }
        stream.checkNoSpaceLeft();
        return out;
    }
}
