package io.custody.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import io.custody.cli.demo.AnvilNode;
import io.custody.cli.demo.EthereumRpc;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Keys;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/**
 * The demo's on-chain transfer against a real anvil (started here, on a free port) and the real
 * cluster ({@link SharedDevCluster}): {@code custodyctl dev demo --eth-rpc <anvil> --to <fresh
 * address> --value-wei V} must exit 0; then, asking anvil directly, the transaction is mined with
 * status 1 from the wallet's address (as DeriveAddress reported it) to the recipient, the
 * recipient's balance went from 0 to V, and web3j (not the BouncyCastle code the demo checks
 * with) decodes the raw transaction anvil stored as an EIP-1559 transaction of chain 31337 whose
 * signature recovers to the wallet's address. Skipped when anvil is not installed.
 */
@ExtendWith(SharedDevCluster.class)
class AnvilTransferTest {
    private static final Pattern ADDRESS = Pattern.compile("Ethereum address (0x[0-9a-fA-F]{40})");
    private static final Pattern MINED = Pattern.compile("mined in block (\\d+) from (0x[0-9a-fA-F]{40}) to "
            + "(0x[0-9a-fA-F]{40}) value .*, status 1");
    private static final Pattern TX_HASH = Pattern.compile("raw transaction and hash (0x[0-9a-f]{64}) match");
    private static final BigInteger VALUE = new BigInteger("123456789000000000"); // 0.123456789 ETH

    @TempDir Path logs;

    /** Runs before the test method's parameter (the shared cluster) is resolved: no anvil, no cluster started. */
    @BeforeEach
    void requireAnvil() {
        assumeTrue(AnvilNode.find().isPresent(), "anvil (Foundry) is not installed: not on PATH, ~/.foundry/bin,"
                + " ~/.local/bin, $ANVIL unset — .ci/run installs it (npm) into ~/.local/bin; skipping the on-chain"
                + " transfer test");
    }

    @Test
    void walletTransferIsMinedWithStatus1(SharedDevCluster cluster) throws Exception {
        Optional<Path> anvil = AnvilNode.find();
        byte[] random = new byte[20];
        new SecureRandom().nextBytes(random);
        String recipient = Keys.toChecksumAddress("0x" + HexFormat.of().formatHex(random));

        long start = System.nanoTime();
        try (AnvilNode node = AnvilNode.start(anvil.get(), logs.resolve("anvil.log"))) {
            EthereumRpc rpc = node.rpc();
            assertEquals(BigInteger.valueOf(31337), rpc.quantity("eth_chainId"));
            assertEquals(BigInteger.ZERO, rpc.balance(recipient), "a fresh recipient");

            SharedDevCluster.Run demo = cluster.demo("--eth-rpc", rpc.endpoint().toString(), "--to", recipient,
                    "--value-wei", VALUE.toString());
            SignerPlane.lap("dev demo with the transfer", start);
            assertEquals(0, demo.rc(), demo.out());
            String wallet = find(ADDRESS, demo.out(), 1);
            String txHash = find(TX_HASH, demo.out(), 1);
            assertEquals(recipient, find(MINED, demo.out(), 3), demo.out());
            assertEquals(wallet, find(MINED, demo.out(), 2), demo.out());

            JsonObject receipt = rpc.call("eth_getTransactionReceipt", txHash).getAsJsonObject();
            assertEquals(BigInteger.ONE, EthereumRpc.quantity(receipt.get("status")), receipt.toString());
            assertEquals(wallet.toLowerCase(), receipt.get("from").getAsString().toLowerCase(), receipt.toString());
            assertEquals(recipient.toLowerCase(), receipt.get("to").getAsString().toLowerCase(), receipt.toString());
            assertEquals(find(MINED, demo.out(), 1), EthereumRpc.quantity(receipt.get("blockNumber")).toString());
            assertEquals(BigInteger.valueOf(2), EthereumRpc.quantity(receipt.get("type")), "an EIP-1559 transaction");
            assertEquals(VALUE, rpc.balance(recipient), "the recipient's balance rose from 0 by the value");

            String raw = rpc.call("eth_getRawTransactionByHash", txHash).getAsString();
            SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(raw);
            Transaction1559 typed = (Transaction1559) decoded.getTransaction();
            assertEquals(31337L, typed.getChainId());
            assertEquals(VALUE, decoded.getValue());
            assertEquals(recipient.toLowerCase(), decoded.getTo().toLowerCase());
            assertEquals(wallet, Keys.toChecksumAddress(decoded.getFrom()),
                    "web3j recovers the wallet's address from the raw transaction");
        }
        assertTrue(Files.size(logs.resolve("anvil.log")) > 0, "anvil logged");
    }

    private static String find(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), pattern + " in:\n" + text);
        return m.group(group);
    }
}
