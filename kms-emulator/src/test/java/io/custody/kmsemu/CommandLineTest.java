package io.custody.kmsemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @Test
    void flagsBecomeConfig(@TempDir Path dir) throws Exception {
        Path credentials = dir.resolve("creds.json");
        Files.writeString(credentials, """
                {"credentials": [{"accessKeyId": "AK1", "secretAccessKey": "s1",
                  "principalArn": "arn:aws:iam::444455556666:role/parent"}, {"accessKeyId": "AK2", "secretAccessKey": "s2"}]}""");
        EmulatorConfig config = CommandLine.parse(new String[] {"--port", "0", "--state", dir.resolve("s.json").toString(),
                "--region", "eu-west-1", "--account", "444455556666", "--credentials", credentials.toString(),
                "--dev-attestation"});
        assertEquals("eu-west-1", config.region());
        assertTrue(config.devAttestation());
        assertEquals(2, config.credentials().size());
        assertEquals("arn:aws:iam::444455556666:root", config.credentials().get(1).principalArn());
        assertTrue(config.stateFile().isPresent());
    }

    @Test
    void devAttestationIsOffByDefaultAndCredentialsAreRequired() {
        EmulatorConfig config = CommandLine.parse(new String[] {"--access-key", "AK", "--secret-key", "S"});
        assertFalse(config.devAttestation());
        assertTrue(config.stateFile().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--port", "0"}));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--bogus"}));
    }
}
