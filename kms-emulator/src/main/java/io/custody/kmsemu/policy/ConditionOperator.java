package io.custody.kmsemu.policy;

import java.util.Locale;

/**
 * The condition operators the emulator evaluates. Each may carry the {@code IfExists} suffix.
 * A key missing from the request makes a positive operator false and a negated one true (as in
 * IAM); with {@code IfExists} a missing key makes the condition true.
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, false, false),
    STRING_NOT_EQUALS("StringNotEquals", true, false, false),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, true, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, true, false),
    STRING_LIKE("StringLike", false, false, true),
    STRING_NOT_LIKE("StringNotLike", true, false, true),
    /** {@code "Null": {"key": "true"}} holds when the key is absent, {@code "false"} when present. */
    NULL("Null", false, false, false);

    private final String wireName;
    private final boolean negated;
    private final boolean ignoreCase;
    private final boolean glob;

    ConditionOperator(String wireName, boolean negated, boolean ignoreCase, boolean glob) {
        this.wireName = wireName;
        this.negated = negated;
        this.ignoreCase = ignoreCase;
        this.glob = glob;
    }

    public String wireName() {
        return wireName;
    }

    public boolean negated() {
        return negated;
    }

    /** The operator named {@code name} without any {@code IfExists} suffix, or null. */
    static ConditionOperator named(String name) {
        for (ConditionOperator operator : values()) {
            if (operator.wireName.equals(name)) {
                return operator;
            }
        }
        return null;
    }

    /** Whether {@code actual} matches any of {@code expected}, before negation. */
    boolean anyMatches(String actual, Iterable<String> expected) {
        for (String candidate : expected) {
            if (glob ? Wildcard.matches(candidate, actual, false) : equal(candidate, actual)) {
                return true;
            }
        }
        return false;
    }

    private boolean equal(String expected, String actual) {
        return ignoreCase
                ? expected.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT))
                : expected.equals(actual);
    }
}
