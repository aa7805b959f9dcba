package io.custody.kmsemu.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP request as received, in the form SigV4 needs.
 *
 * @param method e.g. {@code POST}
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent, or null
 * @param headers header values by lower-case name
 * @param body the whole body
 */
public record ReceivedRequest(String method, String rawPath, String rawQuery,
        Map<String, List<String>> headers, byte[] body) {

    public ReceivedRequest {
        Objects.requireNonNull(method, "method");
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        TreeMap<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                n -> new java.util.ArrayList<>()).addAll(values));
        lower.replaceAll((name, values) -> List.copyOf(values));
        headers = java.util.Collections.unmodifiableMap(lower);
        body = body.clone();
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
