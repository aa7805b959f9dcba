package io.custody.proto.ethereum;

import io.custody.proto.v1.BitcoinNetwork;
import java.util.Arrays;

/** The addresses of a public key, as custody.v1.AddressFormat describes them. */
public final class Addresses {

    private Addresses() {}

    /**
     * The Ethereum address of a key: "0x" and the EIP-55 mixed-case hex of the last 20 bytes of
     * keccak256 of the 64-byte uncompressed key.
     *
     * @param compressedPublicKey 33-byte SEC1 compressed secp256k1 key
     * @throws IllegalArgumentException if it is not one
     */
    public static String ethereum(byte[] compressedPublicKey) {
        byte[] hash = Hashes.keccak256(Secp256k1.uncompressedXy(Secp256k1.decompress(compressedPublicKey)));
        return EthereumAddressText.format(Arrays.copyOfRange(hash, 12, 32));
    }

    /**
     * The Bitcoin native SegWit v0 pay-to-witness-public-key-hash address of a key: bech32
     * (BIP-173) of HASH160(compressed key) with the network's human-readable part.
     *
     * @throws IllegalArgumentException if the key is not a compressed secp256k1 key or the
     *     network is unspecified
     */
    public static String bitcoinP2wpkh(byte[] compressedPublicKey, BitcoinNetwork network) {
        Secp256k1.decompress(compressedPublicKey); // refuses what is not a key before hashing it
        return Bech32.segwitV0(humanReadablePart(network), Hashes.hash160(compressedPublicKey));
    }

    private static String humanReadablePart(BitcoinNetwork network) {
        return switch (network) {
            case BITCOIN_NETWORK_MAINNET -> "bc";
            case BITCOIN_NETWORK_TESTNET -> "tb";
            case BITCOIN_NETWORK_REGTEST -> "bcrt";
            case BITCOIN_NETWORK_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("a Bitcoin address needs a network");
        };
    }
}
