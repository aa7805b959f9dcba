package io.custody.proto.ethereum;

import java.util.Objects;

/**
 * One thing wrong with a payload, shaped like {@code google.rpc.BadRequest.FieldViolation}: the
 * path of the offending field ({@code ethereum_transaction.eip1559.access_list[0].address}) and
 * what is wrong with it. Never contains secrets; payloads hold none.
 */
public record FieldViolation(String field, String description) {

    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public String toString() {
        return field + ": " + description;
    }
}
