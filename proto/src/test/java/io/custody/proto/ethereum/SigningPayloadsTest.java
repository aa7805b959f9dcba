package io.custody.proto.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.proto.v1.AccessListEntry;
import io.custody.proto.v1.Eip1559Transaction;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.LegacyTransaction;
import io.custody.proto.v1.PersonalMessage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;

class SigningPayloadsTest {

    private static final HexFormat HEX = HexFormat.of();
    /** The private key of the EIP-155 example: 0x4646...46. */
    private static final ECKeyPair EIP155_KEY = ECKeyPair.create(new BigInteger("46".repeat(32), 16));

    /** EIP-155's example: nonce 9, gas price 20 gwei, gas 21000, to 0x3535…35, 1 ether, chain 1. */
    private static EthereumTransaction eip155Example() {
        return EthereumTransaction.newBuilder()
                .setChainId(1)
                .setLegacy(LegacyTransaction.newBuilder()
                        .setNonce(9)
                        .setGasPriceWei("20000000000")
                        .setGasLimit(21000)
                        .setTo("0x" + "35".repeat(20))
                        .setValueWei("1000000000000000000"))
                .build();
    }

    private static EthereumTransaction eip1559() {
        return EthereumTransaction.newBuilder()
                .setChainId(11155111)
                .setEip1559(Eip1559Transaction.newBuilder()
                        .setNonce(42)
                        .setMaxPriorityFeePerGasWei("1500000000")
                        .setMaxFeePerGasWei("30000000000")
                        .setGasLimit(90000)
                        .setTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
                        .setValueWei("123456789000000000")
                        .setData(ByteString.copyFrom(HEX.parseHex("a9059cbb00000000000000000000000000000000000000000000000000000000000000ff")))
                        .addAccessList(AccessListEntry.newBuilder()
                                .setAddress("0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae")
                                .addStorageKeys(ByteString.copyFrom(new byte[32]))
                                .addStorageKeys(ByteString.copyFrom(HEX.parseHex("01".repeat(32))))))
                .build();
    }

    private static RawTransaction web3jEip1559() {
        return RawTransaction.createTransaction(11155111L, BigInteger.valueOf(42), BigInteger.valueOf(90000),
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", new BigInteger("123456789000000000"),
                "0xa9059cbb00000000000000000000000000000000000000000000000000000000000000ff",
                new BigInteger("1500000000"), new BigInteger("30000000000"),
                List.of(new AccessListObject("0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
                        List.of("0x" + "00".repeat(32), "0x" + "01".repeat(32)))));
    }

    @Test
    void eip155ExampleSigningHash() {
        assertEquals("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53",
                HEX.formatHex(SigningPayloads.digest(eip155Example())));
    }

    @Test
    void eip155ExampleSignedTransaction() {
        byte[] digest = SigningPayloads.digest(eip155Example());
        Sign.SignatureData signature = Sign.signMessage(digest, EIP155_KEY, false);
        byte[] raw = SigningPayloads.signedTransaction(eip155Example(), signature.getR(), signature.getS(),
                signature.getV()[0] - 27);
        // The signed transaction EIP-155 gives for this key (v = 37 = 1 * 2 + 35 + 0).
        assertEquals("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025"
                + "a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"
                + "a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83", HEX.formatHex(raw));
    }

    @Test
    void eip1559DigestAgreesWithWeb3j() {
        byte[] expected = Hash.sha3(TransactionEncoder.encode(web3jEip1559()));
        assertArrayEquals(expected, SigningPayloads.digest(eip1559()));
    }

    @Test
    void eip1559SignedTransactionAgreesWithWeb3j() {
        ECKeyPair key = ECKeyPair.create(BigInteger.valueOf(0x1234_5678_9abcL));
        byte[] expected = TransactionEncoder.signMessage(web3jEip1559(), Credentials.create(key));
        Sign.SignatureData signature = Sign.signMessage(SigningPayloads.digest(eip1559()), key, false);
        byte[] raw = SigningPayloads.signedTransaction(eip1559(), signature.getR(), signature.getS(),
                signature.getV()[0] - 27);
        assertArrayEquals(expected, raw);
        assertArrayEquals(Hash.sha3(expected), SigningPayloads.transactionHash(raw));
    }

    @Test
    void legacyContractCreationAgreesWithWeb3j() {
        EthereumTransaction tx = EthereumTransaction.newBuilder()
                .setChainId(31337)
                .setLegacy(LegacyTransaction.newBuilder().setNonce(0).setGasPriceWei("1").setGasLimit(500000)
                        .setValueWei("0").setData(ByteString.copyFrom(HEX.parseHex("6080604052"))))
                .build();
        RawTransaction web3j = RawTransaction.createContractTransaction(BigInteger.ZERO, BigInteger.ONE,
                BigInteger.valueOf(500000), BigInteger.ZERO, "0x6080604052");
        assertArrayEquals(Hash.sha3(TransactionEncoder.encode(web3j, 31337L)), SigningPayloads.digest(tx));
    }

    @Test
    void personalMessageAgreesWithWeb3j() {
        for (byte[] message : List.of(new byte[0], "hello, custody".getBytes(StandardCharsets.UTF_8), new byte[65536])) {
            PersonalMessage m = PersonalMessage.newBuilder().setMessage(ByteString.copyFrom(message)).build();
            assertArrayEquals(Sign.getEthereumMessageHash(message), SigningPayloads.digest(m));
        }
    }

    @Test
    void uint64FieldsAreUnsigned() {
        // A nonce of 2^64 - 1 arrives as -1L; it must encode as eight 0xff bytes, not fail.
        EthereumTransaction tx = eip155Example().toBuilder()
                .setLegacy(eip155Example().getLegacy().toBuilder().setNonce(-1L)).build();
        RawTransaction web3j = RawTransaction.createEtherTransaction(new BigInteger("18446744073709551615"),
                new BigInteger("20000000000"), BigInteger.valueOf(21000), "0x" + "35".repeat(20),
                new BigInteger("1000000000000000000"));
        assertArrayEquals(Hash.sha3(TransactionEncoder.encode(web3j, 1L)), SigningPayloads.digest(tx));
    }

    @Test
    void validPayloadsHaveNoViolations() {
        assertEquals(List.of(), SigningPayloads.validate(eip1559(), "ethereum_transaction"));
        assertEquals(List.of(), SigningPayloads.validate(eip155Example(), "ethereum_transaction"));
        // All-uppercase carries no checksum and is accepted, like all-lowercase.
        EthereumTransaction upper = eip155Example().toBuilder()
                .setLegacy(eip155Example().getLegacy().toBuilder().setTo("0x" + "AB".repeat(20))).build();
        assertEquals(List.of(), SigningPayloads.validate(upper, ""));
    }

    @Test
    void violationsNameEachField() {
        EthereumTransaction bad = EthereumTransaction.newBuilder()
                .setEip1559(Eip1559Transaction.newBuilder()
                        .setMaxPriorityFeePerGasWei("007")
                        .setMaxFeePerGasWei("1e9")
                        .setTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") // last letter's case flipped
                        .setValueWei("1" + "0".repeat(78))
                        .addAccessList(AccessListEntry.newBuilder()
                                .setAddress("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
                                .addStorageKeys(ByteString.copyFrom(new byte[32]))
                                .addStorageKeys(ByteString.copyFrom(new byte[31]))))
                .build();
        List<FieldViolation> violations = SigningPayloads.validate(bad, "ethereum_transaction");
        assertEquals(List.of(
                "ethereum_transaction.chain_id",
                "ethereum_transaction.eip1559.max_priority_fee_per_gas_wei",
                "ethereum_transaction.eip1559.max_fee_per_gas_wei",
                "ethereum_transaction.eip1559.to",
                "ethereum_transaction.eip1559.value_wei",
                "ethereum_transaction.eip1559.access_list[0].address",
                "ethereum_transaction.eip1559.access_list[0].storage_keys[1]"),
                violations.stream().map(FieldViolation::field).toList());
        assertTrue(violations.get(3).description().contains("EIP-55"), violations.get(3).description());
        assertTrue(violations.get(4).description().contains("2^256"), violations.get(4).description());

        InvalidPayloadException thrown = assertThrows(InvalidPayloadException.class, () -> SigningPayloads.digest(bad));
        assertEquals(violations.stream().map(v -> v.field().substring("ethereum_transaction.".length())).toList(),
                thrown.violations().stream().map(FieldViolation::field).toList());
    }

    @Test
    void refusesMissingTypeAmountsAndTipAboveMax() {
        assertEquals(List.of("transaction"), fields(EthereumTransaction.newBuilder().setChainId(1).build()));
        EthereumTransaction noAmounts = EthereumTransaction.newBuilder().setChainId(1)
                .setLegacy(LegacyTransaction.newBuilder().setTo("0x" + "35".repeat(20))).build();
        assertEquals(List.of("legacy.gas_price_wei", "legacy.value_wei"), fields(noAmounts));
        EthereumTransaction tipAboveMax = eip1559().toBuilder()
                .setEip1559(eip1559().getEip1559().toBuilder().setMaxPriorityFeePerGasWei("30000000001")).build();
        assertEquals(List.of("eip1559.max_fee_per_gas_wei"), fields(tipAboveMax));
        EthereumTransaction shortAddress = eip155Example().toBuilder()
                .setLegacy(eip155Example().getLegacy().toBuilder().setTo("0x" + "35".repeat(19))).build();
        assertEquals(List.of("legacy.to"), fields(shortAddress));
        EthereumTransaction max = eip155Example().toBuilder().setLegacy(eip155Example().getLegacy().toBuilder()
                .setValueWei(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).toString())).build();
        assertEquals(List.of(), fields(max));
    }

    @Test
    void refusesMessagesOver65536Bytes() {
        PersonalMessage big = PersonalMessage.newBuilder().setMessage(ByteString.copyFrom(new byte[65537])).build();
        assertEquals(List.of(new FieldViolation("personal_message.message", "at most 65536 bytes, has 65537")),
                SigningPayloads.validate(big, "personal_message"));
        assertThrows(InvalidPayloadException.class, () -> SigningPayloads.digest(big));
    }

    @Test
    void signedTransactionRefusesMalformedSignatures() {
        byte[] r = new byte[32];
        Arrays.fill(r, (byte) 1);
        assertThrows(IllegalArgumentException.class, () -> SigningPayloads.signedTransaction(eip1559(), new byte[31], r, 0));
        assertThrows(IllegalArgumentException.class, () -> SigningPayloads.signedTransaction(eip1559(), r, r, 2));
    }

    private static List<String> fields(EthereumTransaction tx) {
        return SigningPayloads.validate(tx, "").stream().map(FieldViolation::field).toList();
    }
}
