package io.custody.proto.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class Bip32Test {

    private record Step(String parent, int index, String child) {}

    private static List<Step> vectors() throws IOException {
        List<Step> steps = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                Bip32Test.class.getResourceAsStream("/ethereum/bip32-public-chains.txt")), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                steps.add(new Step(parts[0], Integer.parseInt(parts[1]), parts[2]));
            }
        }
        return steps;
    }

    @Test
    void bip32TestVectorsOneAndTwoPublicDerivation() throws IOException {
        List<Step> steps = vectors();
        assertEquals(6, steps.size());
        for (Step step : steps) {
            ExtendedPublicKeyText parent = ExtendedPublicKeyText.parse(step.parent());
            ExtendedPublicKeyText expected = ExtendedPublicKeyText.parse(step.child());
            DerivedKey child = Bip32.derivePublic(parent.publicKey(), parent.chainCode(), List.of(step.index()));
            assertArrayEquals(expected.publicKey(), child.publicKey(), step.child());
            assertArrayEquals(expected.chainCode(), child.chainCode(), step.child());
            assertEquals(expected.parentFingerprint(), child.parentFingerprint(), step.child());
            assertEquals(expected.childNumber(), child.childNumber(), step.child());
            assertEquals(parent.depth() + 1, expected.depth());
        }
    }

    @Test
    void aPathIsTheChainOfItsSteps() throws IOException {
        // Vector 1: m/0H/1/2H/2 then /1000000000 in one call from m/0H/1/2H.
        List<Step> steps = vectors();
        ExtendedPublicKeyText start = ExtendedPublicKeyText.parse(steps.get(1).parent());
        ExtendedPublicKeyText end = ExtendedPublicKeyText.parse(steps.get(2).child());
        DerivedKey key = Bip32.derivePublic(start.publicKey(), start.chainCode(), List.of(2, 1_000_000_000));
        assertArrayEquals(end.publicKey(), key.publicKey());
        assertArrayEquals(end.chainCode(), key.chainCode());
        assertEquals(end.parentFingerprint(), key.parentFingerprint());
    }

    @Test
    void theEmptyPathIsTheKeyItself() throws IOException {
        ExtendedPublicKeyText root = ExtendedPublicKeyText.parse(vectors().get(3).parent());
        DerivedKey key = Bip32.derivePublic(root.publicKey(), root.chainCode(), List.of());
        assertArrayEquals(root.publicKey(), key.publicKey());
        assertArrayEquals(root.chainCode(), key.chainCode());
    }

    @Test
    void refusesHardenedIndicesDeepPathsAndBadKeys() throws IOException {
        ExtendedPublicKeyText root = ExtendedPublicKeyText.parse(vectors().get(3).parent());
        byte[] key = root.publicKey();
        byte[] chainCode = root.chainCode();
        // 2^31 arrives from protobuf-java as Integer.MIN_VALUE.
        IllegalArgumentException hardened = assertThrows(IllegalArgumentException.class,
                () -> Bip32.derivePublic(key, chainCode, List.of(0, Integer.MIN_VALUE)));
        assertTrue(hardened.getMessage().contains("derivation_path[1]"), hardened.getMessage());
        assertTrue(hardened.getMessage().contains("2147483648"), hardened.getMessage());

        assertEquals(7, Bip32.derivePublic(key, chainCode, Collections.nCopies(16, 7)).childNumber()); // 16 levels: fine
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                () -> Bip32.derivePublic(key, chainCode, Collections.nCopies(17, 0)));
        assertTrue(deep.getMessage().contains("at most 16 levels"), deep.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Bip32.derivePublic(key, new byte[31], List.of(0)));
        byte[] notOnCurve = key.clone();
        notOnCurve[0] = 0x04;
        assertThrows(IllegalArgumentException.class, () -> Bip32.derivePublic(notOnCurve, chainCode, List.of(0)));
    }

    @Test
    void validatePathNamesEachBadIndex() {
        List<FieldViolation> violations = Bip32.validatePath(List.of(1, -1, 2, -2), "signing_request.derivation_path");
        assertEquals(List.of("signing_request.derivation_path[1]", "signing_request.derivation_path[3]"),
                violations.stream().map(FieldViolation::field).toList());
        assertTrue(Bip32.validatePath(List.of(0, Integer.MAX_VALUE), "p").isEmpty());
    }
}
