package io.custody.kmsemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/** A restarted emulator with the same state file still opens old ciphertexts. */
class PersistenceTest {

    @Test
    void restartWithSameStateFileStillDecrypts(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("kms-state.json");
        EmulatorConfig config = EmulatorConfig.inMemory(List.of(KmsClients.ROOT)).withStateFile(state);
        byte[] secret = "sealed share".getBytes(StandardCharsets.UTF_8);
        String keyId;
        SdkBytes blob;
        try (KmsEmulator first = KmsEmulator.start(config);
                KmsClient kms = KmsClients.client(first.endpoint(), KmsClients.ROOT)) {
            keyId = PlainKmsUsage.createKey(kms);
            blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(secret))
                    .encryptionContext(Map.of("node", "1"))).ciphertextBlob();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        try (var leftovers = Files.list(dir)) {
            assertEquals(List.of(state), leftovers.toList(), "no temporary files left behind");
        }
        try (KmsEmulator second = KmsEmulator.start(config);
                KmsClient kms = KmsClients.client(second.endpoint(), KmsClients.ROOT)) {
            assertEquals(keyId, kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId());
            byte[] opened = kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("node", "1")))
                    .plaintext().asByteArray();
            assertArrayEquals(secret, opened);
        }
    }

    @Test
    void keyMaterialIsNeverInToString(@TempDir Path dir) {
        EmulatorConfig config = EmulatorConfig.inMemory(List.of(KmsClients.ROOT)).withStateFile(dir.resolve("s.json"));
        try (KmsEmulator emulator = KmsEmulator.start(config);
                KmsClient kms = KmsClients.client(emulator.endpoint(), KmsClients.ROOT)) {
            PlainKmsUsage.createKey(kms);
        }
        var key = new io.custody.kmsemu.key.StateFile(dir.resolve("s.json")).load().getFirst();
        String material = java.util.Base64.getEncoder().encodeToString(key.material().aesKey().getEncoded());
        assertFalse(key.toString().contains(material), key.toString());
        assertEquals("KeyMaterial[hidden]", key.material().toString());
        assertFalse(KmsClients.ROOT.toString().contains(KmsClients.ROOT.secretAccessKey()));
    }
}
