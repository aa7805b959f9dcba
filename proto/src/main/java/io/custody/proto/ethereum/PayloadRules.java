package io.custody.proto.ethereum;

import com.google.protobuf.ByteString;
import io.custody.proto.v1.AccessListEntry;
import io.custody.proto.v1.Eip1559Transaction;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.LegacyTransaction;
import io.custody.proto.v1.PersonalMessage;
import java.util.ArrayList;
import java.util.List;

/** The rules of custody/v1/signing.proto, checked field by field. */
final class PayloadRules {

    /** The most bytes a personal message may have. */
    static final int MAX_MESSAGE_BYTES = 65536;
    private static final int STORAGE_KEY_BYTES = 32;

    private final String prefix;
    private final List<FieldViolation> violations = new ArrayList<>();

    private PayloadRules(String prefix) {
        this.prefix = prefix;
    }

    static List<FieldViolation> check(EthereumTransaction tx, String prefix) {
        PayloadRules rules = new PayloadRules(prefix);
        if (tx.getChainId() == 0) {
            rules.add("chain_id", "required: 0 is refused (no unprotected, pre-EIP-155 signing)");
        }
        switch (tx.getTransactionCase()) {
            case EIP1559 -> rules.eip1559(tx.getEip1559());
            case LEGACY -> rules.legacy(tx.getLegacy());
            case TRANSACTION_NOT_SET -> rules.add("transaction", "exactly one of eip1559 or legacy is required");
        }
        return List.copyOf(rules.violations);
    }

    static List<FieldViolation> check(PersonalMessage message, String prefix) {
        PayloadRules rules = new PayloadRules(prefix);
        if (message.getMessage().size() > MAX_MESSAGE_BYTES) {
            rules.add("message", "at most " + MAX_MESSAGE_BYTES + " bytes, has " + message.getMessage().size());
        }
        return List.copyOf(rules.violations);
    }

    private void eip1559(Eip1559Transaction tx) {
        boolean tip = amount("eip1559.max_priority_fee_per_gas_wei", tx.getMaxPriorityFeePerGasWei());
        boolean max = amount("eip1559.max_fee_per_gas_wei", tx.getMaxFeePerGasWei());
        if (tip && max && DecimalAmount.parse(tx.getMaxFeePerGasWei())
                .compareTo(DecimalAmount.parse(tx.getMaxPriorityFeePerGasWei())) < 0) {
            add("eip1559.max_fee_per_gas_wei", "must be at least max_priority_fee_per_gas_wei");
        }
        recipient("eip1559.to", tx.getTo());
        amount("eip1559.value_wei", tx.getValueWei());
        for (int i = 0; i < tx.getAccessListCount(); i++) {
            accessListEntry("eip1559.access_list[" + i + "]", tx.getAccessList(i));
        }
    }

    private void legacy(LegacyTransaction tx) {
        amount("legacy.gas_price_wei", tx.getGasPriceWei());
        recipient("legacy.to", tx.getTo());
        amount("legacy.value_wei", tx.getValueWei());
    }

    private void accessListEntry(String field, AccessListEntry entry) {
        String problem = EthereumAddressText.problem(entry.getAddress());
        if (problem != null) {
            add(field + ".address", entry.getAddress().isEmpty() ? "required" : problem);
        }
        List<ByteString> keys = entry.getStorageKeysList();
        for (int k = 0; k < keys.size(); k++) {
            if (keys.get(k).size() != STORAGE_KEY_BYTES) {
                add(field + ".storage_keys[" + k + "]", "must be 32 bytes, has " + keys.get(k).size());
            }
        }
    }

    /** An empty recipient creates a contract; anything else must be an address. */
    private void recipient(String field, String to) {
        if (!to.isEmpty()) {
            String problem = EthereumAddressText.problem(to);
            if (problem != null) {
                add(field, problem);
            }
        }
    }

    private boolean amount(String field, String text) {
        String problem = DecimalAmount.problem(text);
        if (problem != null) {
            add(field, problem);
        }
        return problem == null;
    }

    private void add(String field, String description) {
        violations.add(new FieldViolation(prefix.isEmpty() ? field : prefix + "." + field, description));
    }
}
