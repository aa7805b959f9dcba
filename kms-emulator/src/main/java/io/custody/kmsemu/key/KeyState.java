package io.custody.kmsemu.key;

/** KMS key states the emulator knows; only {@link #ENABLED} keys encrypt or decrypt. */
public enum KeyState {
    ENABLED("Enabled"),
    DISABLED("Disabled");

    private final String wireName;

    KeyState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static KeyState fromWireName(String name) {
        for (KeyState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown key state " + name);
    }
}
