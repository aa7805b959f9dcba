package io.custody.kmsemu.policy;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a key policy.
 *
 * @param principals {@code *}, account ids / {@code arn:aws:iam::<account>:root}, or exact ARNs;
 *     empty means the statement names no principal the emulator knows and never applies
 * @param actions action patterns such as {@code kms:Decrypt} or {@code kms:*}
 * @param resources resource patterns ({@code *} or key ARNs); empty means any
 */
public record Statement(
        String sid,
        Effect effect,
        List<String> principals,
        List<String> actions,
        List<String> resources,
        List<Condition> conditions) {

    public Statement {
        sid = sid == null ? "" : sid;
        Objects.requireNonNull(effect, "effect");
        principals = List.copyOf(principals);
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("statement " + sid + " has no Action");
        }
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    boolean appliesTo(AuthorizationRequest request) {
        return principals.stream().anyMatch(p -> principalMatches(p, request))
                && actions.stream().anyMatch(a -> Wildcard.matches(a, request.action(), true))
                && (resources.isEmpty() || resources.stream().anyMatch(r -> Wildcard.matches(r, request.resourceArn(), false)))
                && conditions.stream().allMatch(c -> c.holds(request.conditionValues()));
    }

    private static boolean principalMatches(String principal, AuthorizationRequest request) {
        if (principal.equals("*")) {
            return true;
        }
        if (principal.matches("\\d{12}") || principal.matches("arn:aws:iam::\\d{12}:root")) {
            return principal.equals(request.callerAccount())
                    || principal.equals("arn:aws:iam::" + request.callerAccount() + ":root");
        }
        return principal.equals(request.principalArn());
    }
}
