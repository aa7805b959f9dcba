package io.custody.kmsemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import io.custody.kmsemu.attest.RecipientVerifier;
import io.custody.kmsemu.auth.Credential;
import io.custody.kmsemu.auth.ReceivedRequest;
import io.custody.kmsemu.auth.SigV4Authenticator;
import io.custody.kmsemu.key.KeyRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * The AWS JSON 1.1 front door: {@code POST /} with {@code X-Amz-Target: TrentService.<Op>}. Every
 * request is authenticated (SigV4) before its body is even parsed; errors go back as HTTP 400
 * (500 for the emulator's own faults) with {@code {"__type": ..., "message": ...}}. One log line
 * per request names the operation, the caller and the outcome, never a body.
 */
public final class KmsHttpHandler implements HttpHandler {
    public static final String JSON_1_1 = "application/x-amz-json-1.1";

    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String TARGET_PREFIX = "TrentService.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(KmsHttpHandler.class.getName());

    private final SigV4Authenticator authenticator;
    private final KeyManagementOperations keyManagement;
    private final CryptographicOperations cryptography;

    public KmsHttpHandler(SigV4Authenticator authenticator, KeyRepository keys, RecipientVerifier recipients,
            String account, SecureRandom random, Clock clock) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.keyManagement = new KeyManagementOperations(keys, account, random, clock);
        this.cryptography = new CryptographicOperations(keys, recipients, random);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String caller = "-";
        try (exchange) {
            try {
                byte[] body = readBody(exchange);
                ReceivedRequest request = new ReceivedRequest(exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(), body);
                Credential credential = authenticator.authenticate(request);
                caller = credential.principalArn();
                ObjectNode response = dispatch(exchange.getRequestMethod(), target, credential, parse(body));
                send(exchange, 200, response, requestId);
                LOG.log(System.Logger.Level.INFO, "{0} {1} by {2}: OK", requestId, target, caller);
            } catch (KmsEmulatorException e) {
                send(exchange, e.code().httpStatus(), error(e.code(), e.getMessage()), requestId);
                LOG.log(System.Logger.Level.INFO, "{0} {1} by {2}: {3}", requestId, target, caller,
                        e.code().wireName());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, requestId + " " + target + " failed inside the emulator", e);
                send(exchange, 500, error(KmsErrorCode.INTERNAL, "internal error, request id " + requestId), requestId);
            }
        }
    }

    private ObjectNode dispatch(String method, String target, Credential caller, JsonNode body) {
        if (!"POST".equals(method) || !target.startsWith(TARGET_PREFIX)) {
            throw new KmsEmulatorException(KmsErrorCode.UNKNOWN_OPERATION,
                    "expected POST / with X-Amz-Target: " + TARGET_PREFIX + "<Operation>");
        }
        return switch (target.substring(TARGET_PREFIX.length())) {
            case "CreateKey" -> keyManagement.createKey(caller, body);
            case "DescribeKey" -> keyManagement.describeKey(caller, body);
            case "GetKeyPolicy" -> keyManagement.getKeyPolicy(caller, body);
            case "PutKeyPolicy" -> keyManagement.putKeyPolicy(caller, body);
            case "Encrypt" -> cryptography.encrypt(caller, body);
            case "Decrypt" -> cryptography.decrypt(caller, body);
            case "GenerateDataKey" -> cryptography.generateDataKey(caller, body);
            default -> throw new KmsEmulatorException(KmsErrorCode.UNKNOWN_OPERATION,
                    "operation " + target + " is not supported by the emulator");
        };
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new KmsEmulatorException(KmsErrorCode.VALIDATION, "request body too large");
            }
            return body;
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new KmsEmulatorException(KmsErrorCode.SERIALIZATION, "request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new KmsEmulatorException(KmsErrorCode.SERIALIZATION, "request body is not valid JSON");
        }
    }

    private static ObjectNode error(KmsErrorCode code, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("__type", code.wireName());
        if (message != null) {
            node.put("message", message);
        }
        return node;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body, String requestId) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON_1_1);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
