package io.custody.kmsemu.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SigV4's canonical request (AWS "Create a canonical request"), for non-S3 services:
 *
 * <pre>
 * METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
 * </pre>
 *
 * The URI is the received (already encoded) path encoded once more, as the SDK does for every
 * service but S3; the query is decoded, re-encoded strictly and sorted; each signed header is
 * {@code name:value} with values trimmed, inner runs of spaces collapsed and repeats joined by
 * commas.
 */
final class CanonicalRequest {
    private CanonicalRequest() {}

    static String of(ReceivedRequest request, List<String> signedHeaders, String payloadSha256Hex) {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.headers().getOrDefault(name, List.of());
            canonicalHeaders.append(name).append(':')
                    .append(values.stream().map(CanonicalRequest::trimAll).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return request.method() + "\n"
                + uriEncode(request.rawPath(), false) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n"
                + canonicalHeaders + "\n"
                + String.join(";", signedHeaders) + "\n"
                + payloadSha256Hex;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(Map.entry(uriEncode(decode(name), true), uriEncode(decode(value), true)));
        }
        pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return pairs.stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 unreserved characters stay; everything else is %XX (upper case). */
    static String uriEncode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String trimAll(String value) {
        return value.trim().replaceAll(" +", " ");
    }
}
