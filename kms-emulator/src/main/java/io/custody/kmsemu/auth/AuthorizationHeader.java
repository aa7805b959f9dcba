package io.custody.kmsemu.auth;

import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
 * SignedHeaders=a;b;c, Signature=hex} header.
 */
record AuthorizationHeader(String accessKeyId, String scopeDate, String region, String service,
        List<String> signedHeaders, String signature) {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private static final Pattern FORMAT = Pattern.compile(
            ALGORITHM + "\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
                    + "\\s*SignedHeaders=([a-z0-9;\\-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

    AuthorizationHeader {
        signedHeaders = List.copyOf(signedHeaders);
    }

    static AuthorizationHeader parse(String header) {
        if (header == null || header.isBlank()) {
            throw new KmsEmulatorException(KmsErrorCode.MISSING_AUTHENTICATION_TOKEN,
                    "Missing Authentication Token");
        }
        Matcher matcher = FORMAT.matcher(header.trim());
        if (!matcher.matches()) {
            throw new KmsEmulatorException(KmsErrorCode.INVALID_SIGNATURE,
                    "Authorization header is not a well-formed " + ALGORITHM + " header");
        }
        return new AuthorizationHeader(matcher.group(1), matcher.group(2), matcher.group(3),
                matcher.group(4), List.of(matcher.group(5).split(";")), matcher.group(6));
    }

    String scope() {
        return scopeDate + "/" + region + "/" + service + "/aws4_request";
    }
}
