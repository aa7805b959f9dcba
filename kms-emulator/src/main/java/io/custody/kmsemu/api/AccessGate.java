package io.custody.kmsemu.api;

import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import io.custody.kmsemu.attest.RecipientAttestation;
import io.custody.kmsemu.auth.Credential;
import io.custody.kmsemu.crypto.EncryptionContext;
import io.custody.kmsemu.key.KmsKey;
import io.custody.kmsemu.policy.AuthorizationRequest;
import io.custody.kmsemu.policy.KeyPolicy;
import io.custody.kmsemu.policy.KeyPolicyParser;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Asks a key's policy whether the caller may perform an action, with the request's condition keys
 * ({@code kms:RecipientAttestation:*} from a verified Recipient, {@code kms:EncryptionContext:*},
 * {@code kms:CallerAccount}, {@code aws:PrincipalArn}); refuses with {@code AccessDeniedException}
 * worded like KMS's.
 */
final class AccessGate {
    private AccessGate() {}

    static void require(KmsKey key, Credential caller, String action,
            EncryptionContext context, Optional<RecipientAttestation> recipient) {
        if (!allows(key.policy(), key.arn(), caller, action, context, recipient)) {
            throw new KmsEmulatorException(KmsErrorCode.ACCESS_DENIED, "User: " + caller.principalArn()
                    + " is not authorized to perform: " + action + " on resource: " + key.arn()
                    + " because no resource-based policy allows the " + action + " action"
                    + (recipient.isPresent() ? " for this recipient attestation" : ""));
        }
    }

    static boolean allows(String policyJson, String keyArn, Credential caller, String action,
            EncryptionContext context, Optional<RecipientAttestation> recipient) {
        KeyPolicy policy = KeyPolicyParser.parse(policyJson);
        Map<String, String> values = new TreeMap<>();
        recipient.ifPresent(r -> values.putAll(r.conditionValues()));
        context.pairs().forEach((k, v) -> values.put("kms:EncryptionContext:" + k, v));
        values.put("kms:CallerAccount", AuthorizationRequest.accountOf(caller.principalArn()));
        values.put("aws:PrincipalArn", caller.principalArn());
        AuthorizationRequest request = new AuthorizationRequest(caller.principalArn(), action, keyArn, values);
        return policy.decide(request) == KeyPolicy.Decision.ALLOW;
    }
}
