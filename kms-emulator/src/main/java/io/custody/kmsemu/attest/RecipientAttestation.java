package io.custody.kmsemu.attest;

import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a verified {@code Recipient} contributes to a request: its PCRs (lower-case hex, by index)
 * for the key policy's {@code kms:RecipientAttestation:*} conditions, and the RSA key the data key
 * is wrapped to.
 */
public record RecipientAttestation(SortedMap<Integer, String> pcrHex, RSAPublicKey publicKey) {

    public RecipientAttestation {
        pcrHex = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(pcrHex, "pcrHex")));
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** Condition keys and values: {@code kms:RecipientAttestation:ImageSha384} and {@code ...:PCR<n>}. */
    public Map<String, String> conditionValues() {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        pcrHex.forEach((index, hex) -> values.put("kms:RecipientAttestation:PCR" + index, hex));
        String pcr0 = pcrHex.get(0);
        if (pcr0 != null) {
            values.put("kms:RecipientAttestation:ImageSha384", pcr0);
        }
        return values;
    }
}
