package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.enclave.ImageMeasurements;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EnclavePolicyInputTest {

    private static final String ACCOUNT = "111122223333";
    private static final String ROLE = "arn:aws:iam::111122223333:role/custody-signer-s1";
    private static final Map<String, String> NODES = Map.of("s1", ROLE);
    private static final String PCR0 = Pcrs.sha384Hex("image-v1");

    private static IllegalArgumentException invalid(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run);
    }

    private static EnclavePolicyInput input(Map<String, String> nodes, List<String> pcr0, Map<Integer, List<String>> extra) {
        return new EnclavePolicyInput(ACCOUNT, new TreeMap<>(nodes), pcr0, extra);
    }

    @Test
    void normalizesHexAndSortsNodesAndExtraPcrs() {
        EnclavePolicyInput in = input(Map.of("s2", ROLE + "2", "s1", ROLE), List.of(PCR0.toUpperCase()),
                Map.of(2, List.of(Pcrs.sha384Hex("app")), 1, List.of(Pcrs.sha384Hex("kernel"))));
        assertEquals(List.of(PCR0), in.allowedPcr0Hex());
        assertEquals(List.of(1, 2), List.copyOf(in.extraPcrs().keySet()));
        assertEquals(List.of("s1", "s2"), List.copyOf(in.nodeRoles().keySet()));
        assertEquals("aws", in.partition());
    }

    @Test
    void forImagesBindsPcr0To2OfEachImage() {
        ImageMeasurements v1 = new ImageMeasurements(PCR0, Pcrs.sha384Hex("kernel"), Pcrs.sha384Hex("app-1"));
        ImageMeasurements v2 = new ImageMeasurements(Pcrs.sha384Hex("image-v2"), Pcrs.sha384Hex("kernel"),
                Pcrs.sha384Hex("app-2"));
        EnclavePolicyInput in = EnclavePolicyInput.forImages(ACCOUNT, NODES, List.of(v1, v2));
        assertEquals(List.of(PCR0, Pcrs.sha384Hex("image-v2")), in.allowedPcr0Hex());
        assertEquals(List.of(Pcrs.sha384Hex("kernel")), in.extraPcrs().get(1));
        assertEquals(List.of(Pcrs.sha384Hex("app-1"), Pcrs.sha384Hex("app-2")), in.extraPcrs().get(2));
        invalid(() -> EnclavePolicyInput.forImages(ACCOUNT, NODES, List.of()));
    }

    @Test
    void rejectsBadAccountRolesAndNodes() {
        invalid(() -> new EnclavePolicyInput("12345", NODES, List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, Map.of("s1", "arn:aws:iam::111122223333:user/alice"), List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, Map.of("s1", "custody-signer"), List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, Map.of("s1", ROLE + "${var.x}"), List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, Map.of(), List.of(PCR0)));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, Map.of("s 1", ROLE), List.of(PCR0)));
        assertTrue(invalid(() -> new EnclavePolicyInput(ACCOUNT, Map.of("s1", ROLE, "s2", ROLE), List.of(PCR0)))
                .getMessage().contains("two nodes"));
        invalid(() -> new EnclavePolicyInput(ACCOUNT,
                Map.of("s1", ROLE, "s2", "arn:aws-cn:iam::111122223333:role/s2"), List.of(PCR0)));
    }

    @Test
    void rejectsWrongLengthNonHexZeroAndDuplicateMeasurements() {
        assertTrue(invalid(() -> new EnclavePolicyInput(ACCOUNT, NODES, List.of("abcd"))).getMessage().contains("96"));
        // A SHA-256 digest is the classic mistake.
        invalid(() -> new EnclavePolicyInput(ACCOUNT, NODES, List.of(PCR0.substring(0, 64))));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, NODES, List.of("g" + PCR0.substring(1))));
        assertTrue(invalid(() -> new EnclavePolicyInput(ACCOUNT, NODES, List.of("0".repeat(96))))
                .getMessage().contains("debug"));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, NODES, List.of(PCR0, PCR0.toUpperCase())));
        invalid(() -> new EnclavePolicyInput(ACCOUNT, NODES, List.of()));
    }

    @Test
    void rejectsBadExtraPcrsAndPcr16() {
        invalid(() -> input(NODES, List.of(PCR0), Map.of(0, List.of(PCR0))));
        invalid(() -> input(NODES, List.of(PCR0), Map.of(32, List.of(PCR0))));
        invalid(() -> input(NODES, List.of(PCR0), Map.of(1, List.of())));
        invalid(() -> input(NODES, List.of(PCR0), Map.of(1, List.of("xyz"))));
        assertTrue(invalid(() -> input(NODES, List.of(PCR0), Map.of(16, List.of(PCR0)))).getMessage()
                .contains("bound per node"));
    }
}
