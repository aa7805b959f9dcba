package io.custody.enclave.attest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code COSE_Sign1} (RFC 9052 section 4.2) as Nitro uses it:
 *
 * <pre>
 * [ protected:   bstr .cbor {1: -35},   ; alg ES384, the only header
 *   unprotected: {},
 *   payload:     bstr .cbor AttestationDocument,
 *   signature:   bstr .size 96 ]         ; r || s, 48 bytes each, P-384
 * </pre>
 *
 * <p>Produced untagged, as the NSM does; read tagged (18) or untagged. The signature covers
 * {@link #toBeSigned()}: {@code ["Signature1", protected, h'', payload]}.
 */
record CoseSign1(byte[] protectedHeader, byte[] payload, byte[] signature) {

    static final long TAG = 18;
    static final long HEADER_ALG = 1;
    static final long ALG_ES384 = -35;
    static final int SIGNATURE_BYTES = 96;
    static final byte[] ES384_PROTECTED_HEADER = CborEncoder.encode(Map.of(HEADER_ALG, ALG_ES384));

    CoseSign1 {
        protectedHeader = Objects.requireNonNull(protectedHeader, "protectedHeader").clone();
        payload = Objects.requireNonNull(payload, "payload").clone();
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    static CoseSign1 es384(byte[] payload, byte[] signature) {
        return new CoseSign1(ES384_PROTECTED_HEADER, payload, signature);
    }

    /** Parses the structure and requires alg ES384 in the protected header; checks no signature. */
    static CoseSign1 decode(byte[] document) throws MalformedDocumentException {
        Object item;
        try {
            item = CborDecoder.decode(document);
        } catch (CborFormatException e) {
            throw new MalformedDocumentException("document is not CBOR: " + e.getMessage());
        }
        if (item instanceof CborTagged(long tag, Object inner)) {
            if (tag != TAG) {
                throw new MalformedDocumentException("document has CBOR tag " + tag + ", not 18");
            }
            item = inner;
        }
        if (!(item instanceof List<?> parts) || parts.size() != 4) {
            throw new MalformedDocumentException("document is not a COSE_Sign1 array of 4");
        }
        if (!(parts.get(0) instanceof byte[] protectedHeader)
                || !(parts.get(1) instanceof Map<?, ?>)
                || !(parts.get(2) instanceof byte[] payload)
                || !(parts.get(3) instanceof byte[] signature)) {
            throw new MalformedDocumentException(
                    "COSE_Sign1 parts are not [bstr, map, bstr, bstr]");
        }
        requireEs384(protectedHeader);
        if (signature.length != SIGNATURE_BYTES) {
            throw new MalformedDocumentException("ES384 signature has " + signature.length
                    + " bytes, not " + SIGNATURE_BYTES);
        }
        return new CoseSign1(protectedHeader, payload, signature);
    }

    byte[] encode() {
        return CborEncoder.encode(List.of(protectedHeader, Map.of(), payload, signature));
    }

    /** The {@code Sig_structure} for this {@code COSE_Sign1}, with empty external AAD. */
    byte[] toBeSigned() {
        return toBeSigned(protectedHeader, payload);
    }

    static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
        return CborEncoder.encode(List.of("Signature1", protectedHeader, new byte[0], payload));
    }

    @Override
    public byte[] protectedHeader() {
        return protectedHeader.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    private static void requireEs384(byte[] protectedHeader) throws MalformedDocumentException {
        Object header;
        try {
            header = CborDecoder.decode(protectedHeader);
        } catch (CborFormatException e) {
            throw new MalformedDocumentException("protected header is not CBOR: " + e.getMessage());
        }
        if (!(header instanceof Map<?, ?> map) || !Long.valueOf(ALG_ES384).equals(map.get(HEADER_ALG))) {
            throw new MalformedDocumentException("protected header does not say alg ES384 (-35)");
        }
    }
}
