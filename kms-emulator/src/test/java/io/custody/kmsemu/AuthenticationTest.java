package io.custody.kmsemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** SigV4 refusals, seen through the real SDK client. */
class AuthenticationTest {

    @Test
    void wrongSecretIsInvalidSignature() {
        try (KmsEmulator emulator = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT)));
                KmsClient kms = KmsClients.client(emulator.endpoint(), KmsClients.ROOT.accessKeyId(), "wrong")) {
            KmsException e = assertThrows(KmsException.class, () -> kms.createKey(r -> r.description("x")));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void unknownAccessKeyIsUnrecognizedClient() {
        try (KmsEmulator emulator = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT)));
                KmsClient kms = KmsClients.client(emulator.endpoint(), "AKIAUNKNOWN000000000", "whatever")) {
            KmsException e = assertThrows(KmsException.class, () -> kms.createKey(r -> r.description("x")));
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void timestampMoreThanFiveMinutesOffIsRefused() {
        Clock tenMinutesAhead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        EmulatorConfig base = EmulatorConfig.inMemory(List.of(KmsClients.ROOT));
        EmulatorConfig skewed = new EmulatorConfig(base.host(), 0, Optional.empty(), base.region(), base.account(),
                base.credentials(), false, base.attestationMaxAge(), tenMinutesAhead);
        try (KmsEmulator emulator = KmsEmulator.start(skewed);
                KmsClient kms = KmsClients.client(emulator.endpoint(), KmsClients.ROOT)) {
            KmsException e = assertThrows(KmsException.class, () -> kms.createKey(r -> r.description("x")));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("Signature expired"),
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void unsignedRequestIsMissingAuthenticationToken() throws Exception {
        try (KmsEmulator emulator = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT)));
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "TrentService.CreateKey")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode());
            assertTrue(response.body().contains("\"__type\":\"MissingAuthenticationTokenException\""), response.body());
            assertEquals("application/x-amz-json-1.1", response.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void principalComesFromTheAccessKey() {
        try (KmsEmulator emulator = KmsEmulator.start(
                        EmulatorConfig.inMemory(List.of(KmsClients.ROOT, KmsClients.PARENT)));
                KmsClient root = KmsClients.client(emulator.endpoint(), KmsClients.ROOT);
                KmsClient parent = KmsClients.client(emulator.endpoint(), KmsClients.PARENT)) {
            String onlyParent = """
                    {"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["%s"]}, "Action": "kms:Describe*",
                      "Resource": "*"}]}""".formatted(KmsClients.PARENT.principalArn());
            String keyId = root.createKey(r -> r.policy(onlyParent)).keyMetadata().keyId();
            assertEquals(keyId, parent.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId());
            KmsException e = assertThrows(KmsException.class, () -> root.describeKey(r -> r.keyId(keyId)));
            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains(KmsClients.ROOT.principalArn()));
        }
    }
}
