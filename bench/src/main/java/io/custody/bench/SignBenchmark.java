package io.custody.bench;

import io.custody.dkls23.KeyShare;
import io.custody.dkls23.Signature;
import io.custody.dkls23.local.LocalParties;
import java.security.SecureRandom;
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

/** One 3-of-5 signature by parties 1, 3 and 5, all in this thread: three parties' CPU time, no network. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SignBenchmark {
    private final SecureRandom random = new SecureRandom();
    private List<KeyShare> shares;
    private List<KeyShare> quorum;

    @Setup
    public void generateWallet() {
        shares = LocalParties.dkg(3, 5, bytes32());
        quorum = List.of(shares.get(0), shares.get(2), shares.get(4));
    }

    @TearDown
    public void closeShares() {
        shares.forEach(KeyShare::close);
    }

    @Benchmark
    public Signature sign3of5() {
        return LocalParties.sign(quorum, bytes32(), bytes32());
    }

    private byte[] bytes32() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}
