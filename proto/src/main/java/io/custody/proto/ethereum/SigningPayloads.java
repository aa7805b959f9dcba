package io.custody.proto.ethereum;

import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.PersonalMessage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpType;

/**
 * The digest a typed payload is signed as, and the raw transaction a signature makes of it
 * (custody/v1/signing.proto). The control plane and every enclave call the same code, so the
 * digest an enclave signs is the one the client's payload defines, not one a host supplied.
 *
 * <p>Every method that computes validates first and throws {@link InvalidPayloadException} with
 * the same violations {@code validate} returns; {@code validate} never throws.
 */
public final class SigningPayloads {

    /** Every digest is 32 bytes. */
    public static final int DIGEST_LENGTH = 32;
    /** The EIP-2718 type byte of an EIP-1559 transaction. */
    private static final byte EIP1559_TYPE = 0x02;
    private static final byte[] PERSONAL_MESSAGE_PREFIX = "\u0019Ethereum Signed Message:\n".getBytes(StandardCharsets.US_ASCII);

    private SigningPayloads() {}

    /**
     * EIP-1559: keccak256(0x02 || rlp([chainId, nonce, maxPriorityFee, maxFee, gasLimit, to,
     * value, data, accessList])); legacy with EIP-155: keccak256(rlp([nonce, gasPrice, gasLimit,
     * to, value, data, chainId, 0, 0])).
     */
    public static byte[] digest(EthereumTransaction tx) {
        requireValid(validate(tx, ""));
        return switch (tx.getTransactionCase()) {
            case EIP1559 -> Hashes.keccak256(new byte[] {EIP1559_TYPE}, rlp(TransactionFields.eip1559(tx)));
            case LEGACY -> {
                List<RlpType> items = new ArrayList<>(TransactionFields.legacy(tx));
                items.add(TransactionFields.uint(TransactionFields.unsigned(tx.getChainId())));
                items.add(TransactionFields.uint(BigInteger.ZERO));
                items.add(TransactionFields.uint(BigInteger.ZERO));
                yield Hashes.keccak256(rlp(items));
            }
            case TRANSACTION_NOT_SET -> throw new IllegalStateException("validate refuses a transaction without a type");
        };
    }

    /**
     * EIP-191 version 0x45 (personal_sign): keccak256("\x19Ethereum Signed Message:\n" || decimal
     * byte length || message).
     */
    public static byte[] digest(PersonalMessage message) {
        requireValid(validate(message, ""));
        byte[] body = message.getMessage().toByteArray();
        byte[] length = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
        return Hashes.keccak256(PERSONAL_MESSAGE_PREFIX, length, body);
    }

    /**
     * The signed raw transaction for eth_sendRawTransaction: {@code 0x02 || rlp([..., yParity,
     * r, s])} for EIP-1559, {@code rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s])}
     * with {@code v = chainId * 2 + 35 + recoveryId} for legacy. The signature is not checked
     * against the digest here; whoever made it has.
     *
     * @param r 32 bytes, big-endian
     * @param s 32 bytes, big-endian (low s, as EIP-2 requires, is the signer's job)
     * @param recoveryId 0 or 1, the parity of R's y
     */
    public static byte[] signedTransaction(EthereumTransaction tx, byte[] r, byte[] s, int recoveryId) {
        requireValid(validate(tx, ""));
        if (r == null || r.length != 32 || s == null || s.length != 32) {
            throw new IllegalArgumentException("r and s must be 32 bytes each");
        }
        if (recoveryId != 0 && recoveryId != 1) {
            throw new IllegalArgumentException("the recovery id must be 0 or 1, was " + recoveryId);
        }
        BigInteger rValue = new BigInteger(1, r);
        BigInteger sValue = new BigInteger(1, s);
        return switch (tx.getTransactionCase()) {
            case EIP1559 -> {
                List<RlpType> items = new ArrayList<>(TransactionFields.eip1559(tx));
                items.add(TransactionFields.uint(BigInteger.valueOf(recoveryId)));
                items.add(TransactionFields.uint(rValue));
                items.add(TransactionFields.uint(sValue));
                byte[] body = rlp(items);
                byte[] out = new byte[body.length + 1];
                out[0] = EIP1559_TYPE;
                System.arraycopy(body, 0, out, 1, body.length);
                yield out;
            }
            case LEGACY -> {
                BigInteger v = TransactionFields.unsigned(tx.getChainId()).shiftLeft(1)
                        .add(BigInteger.valueOf(35L + recoveryId));
                List<RlpType> items = new ArrayList<>(TransactionFields.legacy(tx));
                items.add(TransactionFields.uint(v));
                items.add(TransactionFields.uint(rValue));
                items.add(TransactionFields.uint(sValue));
                yield rlp(items);
            }
            case TRANSACTION_NOT_SET -> throw new IllegalStateException("validate refuses a transaction without a type");
        };
    }

    /** The transaction hash: keccak256 of the signed raw transaction. */
    public static byte[] transactionHash(byte[] signedTransaction) {
        return Hashes.keccak256(signedTransaction);
    }

    /**
     * What is wrong with {@code tx}, field by field; empty when nothing is. Field paths start
     * with {@code fieldPrefix} and a dot ({@code "ethereum_transaction"} gives
     * {@code "ethereum_transaction.eip1559.to"}); an empty prefix gives bare paths.
     */
    public static List<FieldViolation> validate(EthereumTransaction tx, String fieldPrefix) {
        return PayloadRules.check(tx, fieldPrefix);
    }

    /** What is wrong with {@code message} (over 65536 bytes); empty when nothing is. */
    public static List<FieldViolation> validate(PersonalMessage message, String fieldPrefix) {
        return PayloadRules.check(message, fieldPrefix);
    }

    private static void requireValid(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidPayloadException(violations);
        }
    }

    private static byte[] rlp(List<RlpType> items) {
        return RlpEncoder.encode(new RlpList(items));
    }
}
