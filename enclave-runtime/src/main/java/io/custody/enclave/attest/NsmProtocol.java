package io.custody.enclave.attest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The NSM messages this package uses, as aws-nitro-enclaves-nsm-api serialises them (serde's
 * externally tagged enums in CBOR; a unit variant is its name as a text string):
 *
 * <pre>
 * request:  {"Attestation": {"user_data": bstr/null, "nonce": bstr/null, "public_key": bstr/null}}
 * response: {"Attestation": {"document": bstr}}
 * request:  {"DescribePCR": {"index": uint}}           response: {"DescribePCR": {"lock": bool, "data": bstr}}
 * request:  {"ExtendPCR": {"index": uint, "data": bstr}} response: {"ExtendPCR": {"data": bstr}}   ; the new value
 * request:  {"LockPCR": {"index": uint}}                response: "LockPCR"
 * any response may instead be {"Error": tstr}, e.g. "InputTooLarge", "ReadOnlyIndex"
 * </pre>
 *
 * <p>Requests are written deterministically (keys sorted); the NSM reads fields by name. ExtendPCR
 * sets a PCR to SHA-384(old ‖ data); an attestation document carries exactly the locked PCRs.
 */
final class NsmProtocol {

    /** The NSM driver refuses requests larger than this (NSM_REQUEST_MAX_SIZE). */
    static final int MAX_REQUEST_BYTES = 0x1000;

    /** The response buffer nsm-api hands the driver (NSM_RESPONSE_MAX_SIZE). */
    static final int RESPONSE_BUFFER_BYTES = 0x3000;

    private NsmProtocol() {}

    static byte[] attestationRequest(AttestationRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user_data", request.userData());
        fields.put("nonce", request.nonce());
        fields.put("public_key", request.publicKey());
        return CborEncoder.encode(Map.of("Attestation", fields));
    }

    static byte[] describePcrRequest(int index) {
        return CborEncoder.encode(Map.of("DescribePCR", Map.of("index", checkedIndex(index))));
    }

    static byte[] extendPcrRequest(int index, byte[] data) {
        return CborEncoder.encode(Map.of("ExtendPCR", Map.of("index", checkedIndex(index), "data", data.clone())));
    }

    static byte[] lockPcrRequest(int index) {
        return CborEncoder.encode(Map.of("LockPCR", Map.of("index", checkedIndex(index))));
    }

    /** Returns the COSE_Sign1 document from an attestation response. */
    static byte[] attestationDocument(byte[] response) throws AttestorFailedException {
        if (variant(response, "Attestation") instanceof Map<?, ?> attestation
                && attestation.get("document") instanceof byte[] document) {
            return document;
        }
        throw new AttestorFailedException("NSM response is neither an Attestation nor an Error");
    }

    /** A PCR's value and whether it is locked, from a DescribePCR response. */
    static NsmPcr describedPcr(byte[] response) throws AttestorFailedException {
        if (variant(response, "DescribePCR") instanceof Map<?, ?> pcr && pcr.get("lock") instanceof Boolean locked
                && pcr.get("data") instanceof byte[] data) {
            return new NsmPcr(locked, data);
        }
        throw new AttestorFailedException("NSM response is neither a DescribePCR nor an Error");
    }

    /** The PCR's new value, from an ExtendPCR response. */
    static byte[] extendedPcr(byte[] response) throws AttestorFailedException {
        if (variant(response, "ExtendPCR") instanceof Map<?, ?> extended && extended.get("data") instanceof byte[] data) {
            return data;
        }
        throw new AttestorFailedException("NSM response is neither an ExtendPCR nor an Error");
    }

    /** Returns normally if the response is the unit variant LockPCR. */
    static void lockedPcr(byte[] response) throws AttestorFailedException {
        Object item = decode(response);
        if ("LockPCR".equals(item)) {
            return;
        }
        refusal(item);
        throw new AttestorFailedException("NSM response is neither a LockPCR nor an Error");
    }

    /** The body of the one-entry map {@code {name: body}}; an Error response is thrown. */
    private static Object variant(byte[] response, String name) throws AttestorFailedException {
        Object item = decode(response);
        refusal(item);
        if (!(item instanceof Map<?, ?> map) || map.size() != 1) {
            throw new AttestorFailedException("NSM response is not a one-entry CBOR map");
        }
        return map.get(name);
    }

    private static void refusal(Object item) throws AttestorFailedException {
        if (item instanceof Map<?, ?> map && map.size() == 1 && map.get("Error") instanceof String code) {
            throw new AttestorFailedException("NSM refused the request: " + code);
        }
    }

    private static Object decode(byte[] response) throws AttestorFailedException {
        try {
            return CborDecoder.decode(response);
        } catch (CborFormatException e) {
            throw new AttestorFailedException("NSM response is not CBOR: " + e.getMessage());
        }
    }

    private static int checkedIndex(int index) {
        if (index < 0 || index > 0xffff) {
            throw new IllegalArgumentException("a PCR index is a u16, got " + index);
        }
        return index;
    }
}
