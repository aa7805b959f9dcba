package io.custody.enclave.attest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The payload of a Nitro attestation document, a CBOR map with text keys:
 *
 * <pre>
 * { "module_id":   tstr (non-empty),
 *   "digest":      "SHA384",
 *   "timestamp":   uint,                  ; Unix milliseconds, &gt; 0
 *   "pcrs":        { 1*32 uint(0..31) =&gt; bstr .size (32/48/64) },
 *   "certificate": bstr .size (1..1024),  ; DER, the signing leaf
 *   "cabundle":    [ 1* bstr .size (1..1024) ],  ; root first, then towards the leaf
 *   "public_key":  bstr .size (1..1024) / null,
 *   "user_data":   bstr .size (0..512) / null,
 *   "nonce":       bstr .size (0..512) / null }
 * </pre>
 *
 * <p>Decoding enforces exactly these rules (AWS's "syntactical validation"); an optional field
 * may be {@code null} or left out, any other key is refused. Encoding is deterministic.
 */
record AttestationDocument(
        String moduleId,
        long timestampMillis,
        SortedMap<Integer, byte[]> pcrs,
        byte[] certificate,
        List<byte[]> cabundle,
        byte[] publicKey,
        byte[] userData,
        byte[] nonce) {

    static final String DIGEST = "SHA384";
    static final int MAX_PCRS = 32;
    static final int MAX_CERTIFICATE_BYTES = 1024;

    private static final Set<String> KEYS = Set.of("module_id", "digest", "timestamp", "pcrs",
            "certificate", "cabundle", "public_key", "user_data", "nonce");

    AttestationDocument {
        Objects.requireNonNull(moduleId, "moduleId");
        Objects.requireNonNull(pcrs, "pcrs");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(cabundle, "cabundle");
        TreeMap<Integer, byte[]> pcrCopy = new TreeMap<>();
        pcrs.forEach((index, value) -> pcrCopy.put(index, value.clone()));
        pcrs = Collections.unmodifiableSortedMap(pcrCopy);
        certificate = certificate.clone();
        cabundle = cabundle.stream().map(byte[]::clone).toList();
        publicKey = publicKey == null ? null : publicKey.clone();
        userData = userData == null ? null : userData.clone();
        nonce = nonce == null ? null : nonce.clone();
    }

    byte[] encode() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("module_id", moduleId);
        map.put("digest", DIGEST);
        map.put("timestamp", timestampMillis);
        Map<Integer, byte[]> pcrMap = new TreeMap<>(pcrs);
        map.put("pcrs", pcrMap);
        map.put("certificate", certificate);
        map.put("cabundle", new ArrayList<Object>(cabundle));
        map.put("public_key", publicKey);
        map.put("user_data", userData);
        map.put("nonce", nonce);
        return CborEncoder.encode(map);
    }

    static AttestationDocument decode(byte[] payload) throws MalformedDocumentException {
        Object item;
        try {
            item = CborDecoder.decode(payload);
        } catch (CborFormatException e) {
            throw new MalformedDocumentException("payload is not CBOR: " + e.getMessage());
        }
        if (!(item instanceof Map<?, ?> map)) {
            throw new MalformedDocumentException("payload is not a CBOR map");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new MalformedDocumentException("payload has an unknown field " + key);
            }
        }
        String moduleId = required(map, "module_id", String.class);
        if (moduleId.isEmpty()) {
            throw new MalformedDocumentException("module_id is empty");
        }
        if (!DIGEST.equals(required(map, "digest", String.class))) {
            throw new MalformedDocumentException("digest is not SHA384");
        }
        long timestamp = required(map, "timestamp", Long.class);
        if (timestamp <= 0) {
            throw new MalformedDocumentException("timestamp is not a positive integer");
        }
        return new AttestationDocument(
                moduleId,
                timestamp,
                pcrs(required(map, "pcrs", Map.class)),
                sized("certificate", required(map, "certificate", byte[].class), 1, MAX_CERTIFICATE_BYTES),
                cabundle(required(map, "cabundle", List.class)),
                optional(map, "public_key", 1, Attestor.MAX_PUBLIC_KEY_BYTES),
                optional(map, "user_data", 0, Attestor.MAX_USER_DATA_BYTES),
                optional(map, "nonce", 0, Attestor.MAX_NONCE_BYTES));
    }

    private static SortedMap<Integer, byte[]> pcrs(Map<?, ?> raw) throws MalformedDocumentException {
        if (raw.isEmpty() || raw.size() > MAX_PCRS) {
            throw new MalformedDocumentException("pcrs must hold 1 to 32 registers, has " + raw.size());
        }
        SortedMap<Integer, byte[]> pcrs = new TreeMap<>();
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            if (!(entry.getKey() instanceof Long index) || index < 0 || index >= MAX_PCRS) {
                throw new MalformedDocumentException("PCR index " + entry.getKey() + " is not 0..31");
            }
            if (!(entry.getValue() instanceof byte[] value)
                    || (value.length != 32 && value.length != 48 && value.length != 64)) {
                throw new MalformedDocumentException("PCR" + index + " is not 32, 48 or 64 bytes");
            }
            pcrs.put(index.intValue(), value);
        }
        return pcrs;
    }

    private static List<byte[]> cabundle(List<?> raw) throws MalformedDocumentException {
        if (raw.isEmpty()) {
            throw new MalformedDocumentException("cabundle is empty");
        }
        List<byte[]> certificates = new ArrayList<>(raw.size());
        for (Object entry : raw) {
            if (!(entry instanceof byte[] der)) {
                throw new MalformedDocumentException("cabundle entry is not a byte string");
            }
            certificates.add(sized("cabundle entry", der, 1, MAX_CERTIFICATE_BYTES));
        }
        return certificates;
    }

    private static <T> T required(Map<?, ?> map, String key, Class<T> type)
            throws MalformedDocumentException {
        Object value = map.get(key);
        if (value == null) {
            throw new MalformedDocumentException("payload lacks " + key);
        }
        if (!type.isInstance(value)) {
            throw new MalformedDocumentException(key + " has the wrong CBOR type");
        }
        return type.cast(value);
    }

    private static byte[] optional(Map<?, ?> map, String key, int min, int max)
            throws MalformedDocumentException {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof byte[] bytes)) {
            throw new MalformedDocumentException(key + " is neither a byte string nor null");
        }
        return sized(key, bytes, min, max);
    }

    private static byte[] sized(String field, byte[] value, int min, int max)
            throws MalformedDocumentException {
        if (value.length < min || value.length > max) {
            throw new MalformedDocumentException(
                    field + " has " + value.length + " bytes, allowed " + min + " to " + max);
        }
        return value;
    }
}
