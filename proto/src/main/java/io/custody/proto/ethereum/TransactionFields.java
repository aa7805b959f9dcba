package io.custody.proto.ethereum;

import io.custody.proto.v1.AccessListEntry;
import io.custody.proto.v1.Eip1559Transaction;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.LegacyTransaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * The RLP items of a validated transaction, in the order its type signs them. Integers are
 * minimal big-endian (zero is the empty string), an absent recipient is the empty string.
 */
final class TransactionFields {

    private TransactionFields() {}

    /** [chainId, nonce, maxPriorityFee, maxFee, gasLimit, to, value, data, accessList]. */
    static List<RlpType> eip1559(EthereumTransaction tx) {
        Eip1559Transaction t = tx.getEip1559();
        List<RlpType> items = new ArrayList<>(12);
        items.add(uint(unsigned(tx.getChainId())));
        items.add(uint(unsigned(t.getNonce())));
        items.add(uint(DecimalAmount.parse(t.getMaxPriorityFeePerGasWei())));
        items.add(uint(DecimalAmount.parse(t.getMaxFeePerGasWei())));
        items.add(uint(unsigned(t.getGasLimit())));
        items.add(recipient(t.getTo()));
        items.add(uint(DecimalAmount.parse(t.getValueWei())));
        items.add(RlpString.create(t.getData().toByteArray()));
        List<RlpType> accessList = new ArrayList<>(t.getAccessListCount());
        for (AccessListEntry entry : t.getAccessListList()) {
            List<RlpType> keys = new ArrayList<>(entry.getStorageKeysCount());
            entry.getStorageKeysList().forEach(key -> keys.add(RlpString.create(key.toByteArray())));
            accessList.add(new RlpList(RlpString.create(EthereumAddressText.parse(entry.getAddress())), new RlpList(keys)));
        }
        items.add(new RlpList(accessList));
        return items;
    }

    /** [nonce, gasPrice, gasLimit, to, value, data] (EIP-155 appends chainId, 0, 0 to sign). */
    static List<RlpType> legacy(EthereumTransaction tx) {
        LegacyTransaction t = tx.getLegacy();
        List<RlpType> items = new ArrayList<>(9);
        items.add(uint(unsigned(t.getNonce())));
        items.add(uint(DecimalAmount.parse(t.getGasPriceWei())));
        items.add(uint(unsigned(t.getGasLimit())));
        items.add(recipient(t.getTo()));
        items.add(uint(DecimalAmount.parse(t.getValueWei())));
        items.add(RlpString.create(t.getData().toByteArray()));
        return items;
    }

    /** An unsigned integer as RLP: minimal big-endian bytes, zero as the empty string. */
    static RlpString uint(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned");
        }
        if (value.signum() == 0) {
            return RlpString.create(new byte[0]);
        }
        byte[] bytes = value.toByteArray();
        return RlpString.create(bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    /** A proto uint64 as Java holds it (values at or above 2^63 are negative longs). */
    static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static RlpString recipient(String to) {
        return RlpString.create(to.isEmpty() ? new byte[0] : EthereumAddressText.parse(to));
    }
}
