package io.custody.control.api;

import io.custody.control.ControlPlaneException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque page tokens: base64url of {@code v1|<list and its parameters>|<last position>}. A token
 * is refused if it was made for another list or other parameters (page_token with every other
 * field unchanged, as the API conventions say).
 */
final class PageTokens {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 1000;

    private PageTokens() {}

    static int size(int requested) {
        return requested == 0 ? DEFAULT_SIZE : Math.min(requested, MAX_SIZE);
    }

    static String encode(String scope, Optional<Long> position) {
        return position.map(p -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1|" + scope + "|" + p).getBytes(StandardCharsets.UTF_8))).orElse("");
    }

    /** The position after which the page starts (0 for the first page). */
    static long decode(String scope, String token) {
        if (token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String prefix = "v1|" + scope + "|";
            if (text.startsWith(prefix)) {
                long position = Long.parseLong(text.substring(prefix.length()));
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // fall through
        }
        throw new ControlPlaneException.InvalidRequest("page_token",
                "not a page token of this list with these parameters");
    }
}
