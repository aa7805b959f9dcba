package io.custody.enclave.attest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two NSM messages this package uses, as aws-nitro-enclaves-nsm-api serialises them (serde's
 * externally tagged enums in CBOR):
 *
 * <pre>
 * request:  {"Attestation": {"user_data": bstr/null, "nonce": bstr/null, "public_key": bstr/null}}
 * response: {"Attestation": {"document": bstr}}   or   {"Error": tstr}   ; e.g. "InputTooLarge"
 * </pre>
 *
 * <p>The request is written deterministically (keys sorted); the NSM reads fields by name.
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

    /** Returns the COSE_Sign1 document from an attestation response. */
    static byte[] attestationDocument(byte[] response) throws AttestorFailedException {
        Object item;
        try {
            item = CborDecoder.decode(response);
        } catch (CborFormatException e) {
            throw new AttestorFailedException("NSM response is not CBOR: " + e.getMessage());
        }
        if (!(item instanceof Map<?, ?> map) || map.size() != 1) {
            throw new AttestorFailedException("NSM response is not a one-entry CBOR map");
        }
        if (map.get("Error") instanceof String code) {
            throw new AttestorFailedException("NSM refused the attestation request: " + code);
        }
        if (map.get("Attestation") instanceof Map<?, ?> attestation
                && attestation.get("document") instanceof byte[] document) {
            return document;
        }
        throw new AttestorFailedException("NSM response is neither an Attestation nor an Error");
    }
}
