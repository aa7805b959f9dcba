package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnclavePolicyInputTest {

    private static final String ACCOUNT = "111122223333";
    private static final String ROLE = "arn:aws:iam::111122223333:role/custody-signer";
    private static final String PCR0 = Pcrs.sha384Hex("image-v1");

    private static IllegalArgumentException invalid(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run);
    }

    @Test
    void normalizesHexAndSortsExtraPcrs() {
        EnclavePolicyInput in =
                new EnclavePolicyInput(
                        ACCOUNT,
                        ROLE,
                        List.of(PCR0.toUpperCase()),
                        Map.of(2, List.of(Pcrs.sha384Hex("app")), 1, List.of(Pcrs.sha384Hex("kernel"))));
        assertEquals(List.of(PCR0), in.allowedPcr0Hex());
        assertEquals(List.of(1, 2), List.copyOf(in.extraPcrs().keySet()));
        assertEquals("aws", in.partition());
    }

    @Test
    void rejectsBadAccountAndRole() {
        invalid(() -> new EnclavePolicyInput("12345", ROLE, List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, "arn:aws:iam::111122223333:user/alice", List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, "custody-signer", List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE + "${var.x}", List.of(PCR0)));
    }

    @Test
    void rejectsWrongLengthNonHexZeroAndDuplicateMeasurements() {
        assertTrue(invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of("abcd"))).getMessage().contains("96"));
        // A SHA-256 digest is the classic mistake.
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of(PCR0.substring(0, 64))));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of("g" + PCR0.substring(1))));
        assertTrue(
                invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of("0".repeat(96))))
                        .getMessage()
                        .contains("debug"));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of(PCR0, PCR0.toUpperCase())));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of()));
    }

    @Test
    void rejectsBadExtraPcrs() {
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of(PCR0), Map.of(0, List.of(PCR0))));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of(PCR0), Map.of(32, List.of(PCR0))));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of(PCR0), Map.of(1, List.of())));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, ROLE, List.of(PCR0), Map.of(1, List.of("xyz"))));
    }
}
