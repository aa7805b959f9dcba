package io.custody.bench;

import io.custody.dkls23.KeyShare;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** A whole 3-of-5 DKG with all five parties in this thread: the CPU cost of creating a wallet. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DkgBenchmark {
    private final SecureRandom random = new SecureRandom();

    @Benchmark
    public byte[] dkg3of5() {
        byte[] sessionId = new byte[32];
        random.nextBytes(sessionId);
        List<KeyShare> shares = LocalParties.dkg(3, 5, sessionId);
        byte[] publicKey = shares.getFirst().publicKey();
        shares.forEach(KeyShare::close);
        return publicKey;
    }
}
