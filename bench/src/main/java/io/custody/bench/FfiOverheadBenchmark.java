package io.custody.bench;

import io.custody.dkls23.Dkls23;
import io.custody.dkls23.KeyShare;
import io.custody.dkls23.local.LocalParties;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What crossing the boundary costs, from the bare downcall to a call with a confined arena, an
 * out-pointer, the error check and an owned buffer copied out and freed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FfiOverheadBenchmark {
    private List<KeyShare> shares;
    private KeyShare share;

    @Setup
    public void generateWallet() {
        shares = LocalParties.dkg(2, 2, new byte[] {1, 2, 3, 4});
        share = shares.getFirst();
    }

    @TearDown
    public void closeShares() {
        shares.forEach(KeyShare::close);
    }

    /** A downcall returning an int: the floor of every call. */
    @Benchmark
    public int bareDowncall() {
        return Dkls23.abiVersion();
    }

    /** Arena + 33-byte out-parameter + error check + copy into a Java array. */
    @Benchmark
    public byte[] publicKey() {
        return share.publicKey();
    }

    /** Arena + owned native buffer (allocated in Rust, copied, zeroed and freed). */
    @Benchmark
    public String ownedBuffer() {
        return share.ethereumAddress();
    }
}
