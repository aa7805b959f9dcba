package io.custody.proto.ethereum;

import java.util.List;

/**
 * A payload that does not validate was given to a method that computes from it. Carries the
 * same violations {@code SigningPayloads.validate} returns; the message lists them.
 */
public final class InvalidPayloadException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldViolation> violations;

    InvalidPayloadException(List<FieldViolation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    /** What is wrong, field by field; never empty. */
    public List<FieldViolation> violations() {
        return violations;
    }

    private static String describe(List<FieldViolation> violations) {
        StringBuilder out = new StringBuilder("invalid payload: ");
        for (int i = 0; i < violations.size(); i++) {
            out.append(i == 0 ? "" : "; ").append(violations.get(i));
        }
        return out.toString();
    }
}
