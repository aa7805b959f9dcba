package io.custody.cli.demo;

import io.custody.cli.CustodyCliException.ClusterFailure;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local Ethereum dev chain for the demo's transfer: Foundry's {@code anvil} as a child process
 * on 127.0.0.1 and a free port, chain id 31337, its output in {@code logs/anvil.log}. Stopped
 * (SIGTERM, then SIGKILL) when closed. Its ten dev accounts are unlocked and funded; the first
 * one pays for the wallet's gas.
 */
public final class AnvilNode implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    private static final Duration READY = Duration.ofSeconds(30);
    private final Process process;
    private final EthereumRpc rpc;

    private AnvilNode(Process process, EthereumRpc rpc) {
        this.process = process;
        this.rpc = rpc;
    }

    /** The {@code anvil} binary: {@code $ANVIL}, else the first on PATH, else ~/.foundry/bin or ~/.local/bin. */
    public static Optional<Path> find() {
        String env = System.getenv("ANVIL");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "anvil"))) {
                return Optional.of(Path.of(dir, "anvil"));
            }
        }
        String home = System.getProperty("user.home");
        for (Path p : List.of(Path.of(home, ".foundry", "bin", "anvil"), Path.of(home, ".local", "bin", "anvil"))) {
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts {@code binary} and waits until it answers {@code eth_chainId}. */
    public static AnvilNode start(Path binary, Path log) {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new ClusterFailure("no free port for anvil: " + e.getMessage(), e);
        }
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--chain-id", Long.toString(CHAIN_ID))
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new ClusterFailure("cannot start " + binary + ": " + e.getMessage(), e);
        }
        AnvilNode node = new AnvilNode(process, new EthereumRpc(URI.create("http://127.0.0.1:" + port)));
        long until = System.nanoTime() + READY.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new ClusterFailure("anvil exited with " + process.exitValue() + " (its log: " + log + ")");
            }
            try {
                node.rpc.call("eth_chainId");
                return node;
            } catch (ClusterFailure notYet) {
                if (System.nanoTime() > until) {
                    node.close();
                    throw new ClusterFailure("anvil did not answer on port " + port + " within " + READY.toSeconds()
                            + " s (its log: " + log + ")");
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.close();
                throw new ClusterFailure("interrupted", e);
            }
        }
    }

    public EthereumRpc rpc() {
        return rpc;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
