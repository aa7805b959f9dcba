package io.custody.signer.session;

import java.util.Map;

/** A phase's messages did not all arrive in time; {@code missing} maps party index to node. */
final class MissingMessagesException extends Exception {
    private final int phase;
    private final Map<Integer, String> missing;

    MissingMessagesException(int phase, Map<Integer, String> missing) {
        super("phase " + phase + " messages missing from " + missing.values());
        this.phase = phase;
        this.missing = Map.copyOf(missing);
    }

    int phase() {
        return phase;
    }

    Map<Integer, String> missing() {
        return missing;
    }
}
