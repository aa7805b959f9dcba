package io.custody.kmsemu.policy;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a key policy is asked about one request.
 *
 * @param principalArn the caller, from its SigV4 access key
 * @param action e.g. {@code kms:Decrypt}
 * @param resourceArn the key's ARN
 * @param conditionValues condition keys present in the request; looked up case-insensitively
 */
public record AuthorizationRequest(String principalArn, String action, String resourceArn,
        Map<String, String> conditionValues) {

    private static final Pattern ACCOUNT = Pattern.compile("arn:aws:(?:iam|sts)::(\\d{12}):.*");

    public AuthorizationRequest {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        TreeMap<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.putAll(conditionValues);
        conditionValues = Collections.unmodifiableMap(values);
    }

    /** The 12-digit account of the principal, or "" if its ARN names none. */
    public String callerAccount() {
        return accountOf(principalArn);
    }

    /** The 12-digit account an IAM or STS ARN names, or "". */
    public static String accountOf(String principalArn) {
        Matcher matcher = ACCOUNT.matcher(principalArn);
        return matcher.matches() ? matcher.group(1) : "";
    }
}
