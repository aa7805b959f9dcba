package io.custody.enclave.attest;

import io.custody.proto.enclave.ImageMeasurements;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Nitro Secure Module in memory, for tests only: 32 SHA-384 PCRs (0..2 the image's, 0..15 locked
 * at launch as on Nitro), DescribePCR, ExtendPCR (SHA-384(old ‖ data), refused on a locked PCR
 * with ReadOnlyIndex), LockPCR, and Attestation documents that carry exactly the locked PCRs,
 * signed under the DEV root. It speaks the same CBOR as the real device, so NsmAttestor runs
 * unchanged against it.
 */
public final class FakeNsm implements NsmChannel {
    private static final int PCRS = 32;

    private final byte[][] pcrs = new byte[PCRS][48];
    private final boolean[] locked = new boolean[PCRS];
    private final List<String> requests = new ArrayList<>();

    public FakeNsm(ImageMeasurements image) {
        for (int index = 0; index <= 2; index++) {
            pcrs[index] = image.pcr(index);
        }
        for (int index = 0; index < 16; index++) {
            locked[index] = true;
        }
    }

    /** An attestor that talks to this fake, as NsmAttestor.open() talks to /dev/nsm. */
    public NsmAttestor attestor() {
        return new NsmAttestor(this);
    }

    /** Sets up a state another piece of code left behind: PCR {@code index} extended with {@code data}. */
    public void extend(int index, byte[] data) {
        pcrs[index] = io.custody.proto.enclave.NodeIdentityPcr.extend(pcrs[index], data);
    }

    public void lock(int index) {
        locked[index] = true;
    }

    public byte[] pcr(int index) {
        return pcrs[index].clone();
    }

    public boolean isLocked(int index) {
        return locked[index];
    }

    /** The names of the requests received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public byte[] exchange(byte[] request, int responseCapacity) {
        Object item;
        try {
            item = CborDecoder.decode(request);
        } catch (CborFormatException e) {
            return error("InvalidArgument");
        }
        if (!(item instanceof Map<?, ?> map) || map.size() != 1
                || !(map.keySet().iterator().next() instanceof String name)
                || !(map.get(name) instanceof Map<?, ?> body)) {
            return error("InvalidOperation");
        }
        requests.add(name);
        return switch (name) {
            case "DescribePCR" -> index(body) instanceof Integer i
                    ? CborEncoder.encode(Map.of("DescribePCR", Map.of("lock", locked[i], "data", pcrs[i].clone())))
                    : error("InvalidIndex");
            case "ExtendPCR" -> {
                if (!(index(body) instanceof Integer i)) {
                    yield error("InvalidIndex");
                }
                if (locked[i]) {
                    yield error("ReadOnlyIndex");
                }
                if (!(body.get("data") instanceof byte[] data)) {
                    yield error("InvalidArgument");
                }
                extend(i, data);
                yield CborEncoder.encode(Map.of("ExtendPCR", Map.of("data", pcrs[i].clone())));
            }
            case "LockPCR" -> {
                if (!(index(body) instanceof Integer i)) {
                    yield error("InvalidIndex");
                }
                locked[i] = true;
                yield CborEncoder.encode("LockPCR");
            }
            case "Attestation" -> CborEncoder.encode(Map.of("Attestation", Map.of("document", new DevAttestor(
                    DevRoot.instance(), lockedPcrs(), Clock.systemUTC()).attest((byte[]) body.get("nonce"),
                    (byte[]) body.get("user_data"), (byte[]) body.get("public_key")))));
            default -> error("InvalidOperation");
        };
    }

    private Map<Integer, byte[]> lockedPcrs() {
        Map<Integer, byte[]> out = new TreeMap<>();
        for (int index = 0; index < PCRS; index++) {
            if (locked[index]) {
                out.put(index, pcrs[index].clone());
            }
        }
        return out;
    }

    private static Integer index(Map<?, ?> body) {
        return body.get("index") instanceof Long l && l >= 0 && l < PCRS ? l.intValue() : null;
    }

    private static byte[] error(String code) {
        return CborEncoder.encode(Map.of("Error", code));
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "FakeNsm";
    }
}
