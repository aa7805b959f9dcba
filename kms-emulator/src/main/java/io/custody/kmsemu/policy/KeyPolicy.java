package io.custody.kmsemu.policy;

import java.util.List;

/**
 * A parsed key policy. {@link #decide} follows IAM's order: an applicable Deny wins; otherwise
 * an applicable Allow allows; otherwise the request is implicitly denied.
 */
public record KeyPolicy(List<Statement> statements) {

    public KeyPolicy {
        statements = List.copyOf(statements);
    }

    /** AWS's default key policy: the account root may do everything. */
    public static String defaultPolicyJson(String account) {
        return """
                {
                  "Version": "2012-10-17",
                  "Id": "key-default-1",
                  "Statement": [
                    {
                      "Sid": "Enable IAM User Permissions",
                      "Effect": "Allow",
                      "Principal": {"AWS": "arn:aws:iam::%s:root"},
                      "Action": "kms:*",
                      "Resource": "*"
                    }
                  ]
                }
                """.formatted(account);
    }

    public Decision decide(AuthorizationRequest request) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.appliesTo(request)) {
                if (statement.effect() == Effect.DENY) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /** The outcome of evaluating a request against a key policy. */
    public enum Decision {
        ALLOW,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }
}
