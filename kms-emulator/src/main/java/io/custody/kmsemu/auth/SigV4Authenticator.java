package io.custody.kmsemu.auth;

import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates a request signed with AWS Signature Version 4 (header form, {@code
 * AWS4-HMAC-SHA256}) and returns the configured caller. Refusals use AWS's error types: no
 * {@code Authorization} → {@code MissingAuthenticationTokenException}; unknown access key →
 * {@code UnrecognizedClientException}; wrong signature, wrong scope, {@code X-Amz-Date} more than
 * five minutes from now, or a payload hash that does not match the body → {@code
 * InvalidSignatureException}. Signatures are compared in constant time. Pre-signed query-string
 * requests and session tokens are not supported.
 */
public final class SigV4Authenticator {
    public static final Duration MAX_CLOCK_DIFFERENCE = Duration.ofMinutes(5);

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, Credential> credentialsByAccessKey;
    private final String region;
    private final String service;
    private final Clock clock;

    public SigV4Authenticator(List<Credential> credentials, String region, String service, Clock clock) {
        this.credentialsByAccessKey = credentials.stream()
                .collect(Collectors.toUnmodifiableMap(Credential::accessKeyId, Function.identity()));
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Credential authenticate(ReceivedRequest request) {
        AuthorizationHeader authorization = AuthorizationHeader.parse(request.header("authorization"));
        Credential credential = credentialsByAccessKey.get(authorization.accessKeyId());
        if (credential == null) {
            throw new KmsEmulatorException(KmsErrorCode.UNRECOGNIZED_CLIENT,
                    "The security token included in the request is invalid.");
        }
        String amzDate = request.header("x-amz-date");
        Instant signedAt = parseAmzDate(amzDate);
        checkClock(signedAt, amzDate);
        checkScope(authorization, amzDate);
        if (!authorization.signedHeaders().contains("host")) {
            throw invalidSignature("'Host' must be a signed header");
        }
        byte[] body = request.body();
        String payloadHash = HexFormat.of().formatHex(sha256(body));
        String claimedPayloadHash = request.header("x-amz-content-sha256");
        if (claimedPayloadHash != null && !claimedPayloadHash.equals(payloadHash)) {
            throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = CanonicalRequest.of(request, authorization.signedHeaders(), payloadHash);
        String stringToSign = AuthorizationHeader.ALGORITHM + "\n" + amzDate + "\n" + authorization.scope()
                + "\n" + HexFormat.of().formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] expected = signature(credential, authorization, stringToSign);
        byte[] presented = HexFormat.of().parseHex(authorization.signature());
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalidSignature("The request signature we calculated does not match the signature you"
                    + " provided. Check your AWS Secret Access Key and signing method. Consult the service"
                    + " documentation for details.");
        }
        return credential;
    }

    private void checkClock(Instant signedAt, String amzDate) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_CLOCK_DIFFERENCE))) {
            throw invalidSignature("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_CLOCK_DIFFERENCE)) + " (" + AMZ_DATE.format(now)
                    + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_CLOCK_DIFFERENCE))) {
            throw invalidSignature("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_CLOCK_DIFFERENCE)) + " (" + AMZ_DATE.format(now)
                    + " + 5 min.)");
        }
    }

    private void checkScope(AuthorizationHeader authorization, String amzDate) {
        if (!amzDate.startsWith(authorization.scopeDate())) {
            throw invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date"
                    + " from HTTP: '" + authorization.scopeDate() + "' != '" + amzDate.substring(0, 8) + "'");
        }
        if (!authorization.region().equals(region)) {
            throw invalidSignature("Credential should be scoped to a valid region, not '"
                    + authorization.region() + "'. This emulator serves '" + region + "'.");
        }
        if (!authorization.service().equals(service)) {
            throw invalidSignature("Credential should be scoped to correct service: '" + service + "'. ");
        }
    }

    private static Instant parseAmzDate(String amzDate) {
        if (amzDate == null) {
            throw invalidSignature("X-Amz-Date header is required");
        }
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw invalidSignature("X-Amz-Date must be yyyyMMdd'T'HHmmss'Z'");
        }
    }

    private static byte[] signature(Credential credential, AuthorizationHeader authorization, String stringToSign) {
        byte[] key = hmac(credential.signingSecret(), authorization.scopeDate());
        key = hmac(key, authorization.region());
        key = hmac(key, authorization.service());
        key = hmac(key, "aws4_request");
        return hmac(key, stringToSign);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static KmsEmulatorException invalidSignature(String message) {
        return new KmsEmulatorException(KmsErrorCode.INVALID_SIGNATURE, message);
    }
}
