package io.custody.enclave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.enclave.attest.EnclaveIdentity;
import org.junit.jupiter.api.Test;

class PeerKeysTest {

    private final EnclaveIdentity id = EnclaveIdentity.generate();

    @Test
    void fromRawRebuildsTheAttestedKeys() {
        PeerKeys direct = new PeerKeys(2, id.x25519().getPublic(), id.ed25519().getPublic());
        PeerKeys fromRaw = PeerKeys.fromRaw(2, direct.x25519Raw(), direct.ed25519Raw());
        assertEquals(direct, fromRaw);
        assertArrayEquals(direct.x25519Raw(), fromRaw.x25519Raw());
        assertArrayEquals(direct.ed25519Raw(), fromRaw.ed25519Raw());
    }

    @Test
    void partyIndexMustFitOneByteAndNotBeZero() {
        assertThrows(IllegalArgumentException.class, () -> new PeerKeys(0, id.x25519().getPublic(), id.ed25519().getPublic()));
        assertThrows(IllegalArgumentException.class, () -> new PeerKeys(256, id.x25519().getPublic(), id.ed25519().getPublic()));
        new PeerKeys(255, id.x25519().getPublic(), id.ed25519().getPublic());
    }

    @Test
    void keyTypesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new PeerKeys(1, id.ed25519().getPublic(), id.x25519().getPublic()));
        assertThrows(IllegalArgumentException.class, () -> new PeerKeys(1, id.rsa().getPublic(), id.ed25519().getPublic()));
        assertThrows(NullPointerException.class, () -> new PeerKeys(1, null, id.ed25519().getPublic()));
    }
}
