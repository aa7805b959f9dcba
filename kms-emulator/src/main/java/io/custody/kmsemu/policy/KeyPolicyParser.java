package io.custody.kmsemu.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the supported subset of the IAM policy language (see the module README). Anything the
 * emulator would otherwise misread ({@code NotAction}, {@code NotPrincipal}, {@code
 * NotResource}, an unknown condition operator, a non-string value) is refused with {@code
 * MalformedPolicyDocumentException} rather than silently ignored.
 */
public final class KeyPolicyParser {
    public static final int MAX_POLICY_CHARS = 32 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATEMENT_FIELDS =
            Set.of("Sid", "Effect", "Principal", "Action", "Resource", "Condition");
    private static final String IF_EXISTS = "IfExists";

    private KeyPolicyParser() {}

    public static KeyPolicy parse(String policyJson) {
        if (policyJson == null || policyJson.isBlank() || policyJson.length() > MAX_POLICY_CHARS) {
            throw malformed("policy must be 1.." + MAX_POLICY_CHARS + " characters of JSON");
        }
        JsonNode root;
        try {
            root = JSON.readTree(policyJson);
        } catch (IOException e) {
            throw malformed("policy is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("policy must be a JSON object");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw malformed("policy has no Statement");
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode node : statementNode.isArray() ? statementNode : List.of(statementNode)) {
            statements.add(statement(node));
        }
        return new KeyPolicy(statements);
    }

    private static Statement statement(JsonNode node) {
        if (!node.isObject()) {
            throw malformed("each Statement must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!STATEMENT_FIELDS.contains(name)) {
                throw malformed("statement field " + name + " is not supported by the emulator");
            }
        }
        String sid = node.path("Sid").asText("");
        Effect effect = switch (node.path("Effect").asText("")) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw malformed("statement " + sid + ": Effect must be Allow or Deny");
        };
        if (!node.has("Principal")) {
            throw malformed("statement " + sid + " has no Principal");
        }
        if (!node.has("Action")) {
            throw malformed("statement " + sid + " has no Action");
        }
        return new Statement(sid, effect, principals(node.get("Principal"), sid),
                strings(node.get("Action"), "Action"), strings(node.get("Resource"), "Resource"),
                conditions(node.get("Condition"), sid));
    }

    private static List<String> principals(JsonNode node, String sid) {
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                throw malformed("statement " + sid + ": a string Principal must be \"*\"");
            }
            return List.of("*");
        }
        if (!node.isObject()) {
            throw malformed("statement " + sid + ": Principal must be \"*\" or an object");
        }
        // Only "AWS" principals can call the emulator; "Service" and others never apply.
        return node.has("AWS") ? strings(node.get("AWS"), "Principal.AWS") : List.of();
    }

    private static List<Condition> conditions(JsonNode node, String sid) {
        List<Condition> conditions = new ArrayList<>();
        if (node == null) {
            return conditions;
        }
        if (!node.isObject()) {
            throw malformed("statement " + sid + ": Condition must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> block = it.next();
            String name = block.getKey();
            boolean ifExists = name.endsWith(IF_EXISTS);
            ConditionOperator operator = ConditionOperator.named(
                    ifExists ? name.substring(0, name.length() - IF_EXISTS.length()) : name);
            if (operator == null || !block.getValue().isObject()) {
                throw malformed("statement " + sid + ": condition operator " + name + " is not supported");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = block.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                conditions.add(new Condition(operator, ifExists, key.getKey(),
                        strings(key.getValue(), name + "." + key.getKey())));
            }
        }
        return conditions;
    }

    /** A string or an array of strings; absent gives an empty list. */
    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        for (JsonNode value : node.isArray() ? node : List.of(node)) {
            if (!value.isTextual()) {
                throw malformed(field + " values must be strings");
            }
            values.add(value.asText());
        }
        if (values.isEmpty()) {
            throw malformed(field + " must not be empty");
        }
        return values;
    }

    private static KmsEmulatorException malformed(String message) {
        return new KmsEmulatorException(KmsErrorCode.MALFORMED_POLICY, message);
    }
}
