package io.custody.enclave.authz;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.custody.proto.enclave.v1.AuthorizedRequest;
import io.custody.proto.ethereum.Bip32;
import io.custody.proto.ethereum.FieldViolation;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.signature.NonCanonicalRequestException;
import io.custody.proto.signature.SignedRequest;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import java.security.MessageDigest;
import java.util.List;

/**
 * Decides whether a governed share signs a client's request, and what: the request must be one
 * of the signing RPCs, for this wallet, signed by a key of the wallet's governance with that
 * key's algorithm over {@link SignedRequest}'s bytes; the digest is recomputed from its typed
 * payload ({@link SigningPayloads}; a raw digest only if the governance allows it) and must
 * equal the host's message hash when the host sent one. The checks run cheapest first, and the
 * payload is read only once the signature has verified.
 */
public final class RequestAuthorizer {

    private RequestAuthorizer() {}

    /**
     * @param walletId the session's wallet
     * @param hostDigest the SessionStart's message_hash; empty when the host sent none
     * @throws UnauthorizedRequestException naming the first rule that fails
     */
    public static SigningIntent authorize(Governance governance, String walletId, AuthorizedRequest request,
                                          byte[] hostDigest) {
        if (!governance.isGoverned()) {
            throw new UnauthorizedRequestException("the wallet has no governance to check a client request against");
        }
        SigningMethod method = SigningMethod.named(request.getMethod()).orElseThrow(() -> new UnauthorizedRequestException(
                "method \"" + request.getMethod() + "\" is not a signing RPC of custody.v1.CustodyService"));
        Message parsed = parse(method, request.getRequest().toByteArray());
        ClientSignature signature = (ClientSignature) parsed.getField(
                parsed.getDescriptorForType().findFieldByNumber(SignedRequest.SIGNATURE_FIELD_NUMBER));
        String requestWallet = (String) parsed.getField(parsed.getDescriptorForType().findFieldByName("wallet_id"));
        if (!requestWallet.equals(walletId)) {
            throw new UnauthorizedRequestException("the request is for wallet \"" + requestWallet
                    + "\", the session for \"" + walletId + "\"");
        }
        verifySignature(governance, method, parsed, signature);
        SigningIntent intent = switch (parsed) {
            case SignEthereumTransactionRequest tx -> intent(transactionDigest(tx), tx.getDerivationPathList());
            case SignMessageRequest message -> intent(messageDigest(message), message.getDerivationPathList());
            case SignDigestRequest digest -> intent(rawDigest(governance, digest), digest.getDerivationPathList());
            default -> throw new IllegalStateException("SigningMethod parses only the three signing requests");
        };
        if (hostDigest.length > 0 && !MessageDigest.isEqual(hostDigest, intent.digest())) {
            throw new UnauthorizedRequestException("message_hash differs from the digest of the signed payload");
        }
        return intent;
    }

    private static Message parse(SigningMethod method, byte[] bytes) {
        try {
            return method.parse(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UnauthorizedRequestException("the request does not parse as the request of " + method.fullName());
        }
    }

    private static void verifySignature(Governance governance, SigningMethod method, Message request,
                                        ClientSignature signature) {
        ClientKey key = governance.key(signature.getKeyId()).orElseThrow(() -> new UnauthorizedRequestException(
                "key \"" + signature.getKeyId() + "\" is not one of the wallet's signing keys"));
        if (signature.getAlgorithm() != key.algorithm().toProto()) {
            throw new UnauthorizedRequestException("key " + key.keyId() + " signs with " + key.algorithm()
                    + ", the request claims " + signature.getAlgorithm());
        }
        byte[] signedBytes;
        try {
            signedBytes = SignedRequest.of(method.fullName(), request);
        } catch (NonCanonicalRequestException e) {
            throw new UnauthorizedRequestException("the request has no canonical form: " + e.getMessage());
        }
        if (!key.algorithm().verifies(key.publicKey(), signedBytes, signature.getSignature().toByteArray())) {
            throw new UnauthorizedRequestException("the client signature by " + key.keyId()
                    + " does not verify over the request");
        }
    }

    private static byte[] transactionDigest(SignEthereumTransactionRequest request) {
        if (!request.hasEthereumTransaction()) {
            throw new UnauthorizedRequestException("ethereum_transaction: required");
        }
        requireValid(SigningPayloads.validate(request.getEthereumTransaction(), "ethereum_transaction"));
        return SigningPayloads.digest(request.getEthereumTransaction());
    }

    private static byte[] messageDigest(SignMessageRequest request) {
        if (!request.hasPersonalMessage()) {
            throw new UnauthorizedRequestException("personal_message: required");
        }
        requireValid(SigningPayloads.validate(request.getPersonalMessage(), "personal_message"));
        return SigningPayloads.digest(request.getPersonalMessage());
    }

    private static byte[] rawDigest(Governance governance, SignDigestRequest request) {
        if (!governance.allowsRawDigestSigning()) {
            throw new UnauthorizedRequestException("the wallet's governance does not allow raw digest signing");
        }
        if (request.getRawDigest().getDigest().size() != SigningPayloads.DIGEST_LENGTH) {
            throw new UnauthorizedRequestException("raw_digest.digest: must be 32 bytes, has "
                    + request.getRawDigest().getDigest().size());
        }
        return request.getRawDigest().getDigest().toByteArray();
    }

    private static SigningIntent intent(byte[] digest, List<Integer> path) {
        requireValid(Bip32.validatePath(path, "derivation_path"));
        return new SigningIntent(digest, path);
    }

    private static void requireValid(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw new UnauthorizedRequestException("invalid payload: " + violations.stream()
                    .map(FieldViolation::toString).reduce((a, b) -> a + "; " + b).orElseThrow());
        }
    }
}
