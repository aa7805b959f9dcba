package io.custody.control.audit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one audit event says: who ({@code actor}: "client/{id}", "operator/{key_id}",
 * "node/{id}" or "system"), did what ({@code action}, a dotted verb), to what ({@code resource}),
 * correlated with which API call, and further facts (never secrets) rendered as canonical JSON.
 */
public record AuditEntry(String actor, String action, String resource, String correlationId,
        Map<String, Object> details) {

    public AuditEntry {
        requireText(actor, "actor");
        requireText(action, "action");
        requireText(resource, "resource");
        Objects.requireNonNull(correlationId, "correlationId");
        details = Map.copyOf(new TreeMap<>(Objects.requireNonNull(details, "details")));
    }

    public static AuditEntry of(String actor, String action, String resource, String correlationId,
            Map<String, Object> details) {
        return new AuditEntry(actor, action, resource, correlationId, details);
    }

    public String detailsJson() {
        return CanonicalJson.write(details);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
