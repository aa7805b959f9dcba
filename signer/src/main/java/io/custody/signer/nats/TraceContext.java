package io.custody.signer.nats;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C trace context on NATS headers ({@code traceparent}), without a tracing library yet: a job
 * keeps the trace id it arrived with (or starts one), and every message published while handling
 * it carries that trace id with a new span id. Bound to the handling thread by {@link #CURRENT}.
 */
public record TraceContext(String traceId, String spanId) {
    public static final String HEADER = "traceparent";
    public static final ScopedValue<TraceContext> CURRENT = ScopedValue.newInstance();

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static TraceContext newRoot() {
        return new TraceContext(hex(16), hex(8));
    }

    /** The sender's context, or a new root when the message has none (or a malformed one). */
    public static TraceContext of(Message message) {
        Headers headers = message.getHeaders();
        String value = headers == null ? null : headers.getFirst(HEADER);
        if (value != null) {
            var matcher = TRACEPARENT.matcher(value);
            if (matcher.matches()) {
                return new TraceContext(matcher.group(1), matcher.group(2));
            }
        }
        return newRoot();
    }

    /** Headers for one outgoing message: the current trace (or a new one), a new span. */
    public static Headers headers() {
        TraceContext current = CURRENT.isBound() ? CURRENT.get() : newRoot();
        return new Headers().put(HEADER, "00-" + current.traceId + "-" + hex(8) + "-01");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
