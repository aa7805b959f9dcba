package io.custody.kmsemu.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code "Operator": {"key": value-or-values}} entry of a statement's {@code Condition} block,
 * for one key. Several values are alternatives (any may match); several conditions are all
 * required.
 */
public record Condition(ConditionOperator operator, boolean ifExists, String key, List<String> values) {

    public Condition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("condition on " + key + " has no value");
        }
    }

    /** @param requestValues condition keys present in the request (case-insensitive map) */
    boolean holds(Map<String, String> requestValues) {
        String actual = requestValues.get(key);
        if (operator == ConditionOperator.NULL) {
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == (actual == null));
        }
        if (actual == null) {
            return ifExists || operator.negated();
        }
        boolean matched = operator.anyMatches(actual, values);
        return operator.negated() != matched;
    }
}
