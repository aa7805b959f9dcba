package io.custody.proto.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.proto.v1.BitcoinNetwork;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class AddressesTest {

    /** The generator G: the public key of private key 1 (BIP-173's P2WPKH example key). */
    private static final byte[] G = HexFormat.of()
            .parseHex("0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798");

    @Test
    void bip173P2wpkhExample() {
        assertEquals("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                Addresses.bitcoinP2wpkh(G, BitcoinNetwork.BITCOIN_NETWORK_MAINNET));
        assertEquals("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
                Addresses.bitcoinP2wpkh(G, BitcoinNetwork.BITCOIN_NETWORK_TESTNET));
    }

    @Test
    void bitcoinNeedsANetwork() {
        assertThrows(IllegalArgumentException.class,
                () -> Addresses.bitcoinP2wpkh(G, BitcoinNetwork.BITCOIN_NETWORK_UNSPECIFIED));
    }

    @Test
    void ethereumAddressOfPrivateKeyOne() {
        assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", Addresses.ethereum(G));
    }

    @Test
    void ethereumAddressAgreesWithWeb3j() {
        for (long secret : new long[] {2, 3, 0x4646_4646L, 123_456_789_012L}) {
            byte[] compressed = Sign.publicPointFromPrivate(BigInteger.valueOf(secret)).getEncoded(true);
            String expected = Keys.toChecksumAddress(Keys.getAddress(Sign.publicKeyFromPrivate(BigInteger.valueOf(secret))));
            assertEquals(expected, Addresses.ethereum(compressed));
        }
    }

    @Test
    void refusesWhatIsNotACompressedKey() {
        assertThrows(IllegalArgumentException.class, () -> Addresses.ethereum(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> Addresses.ethereum(new byte[65]));
    }
}
