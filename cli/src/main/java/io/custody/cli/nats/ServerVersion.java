package io.custody.cli.nats;

import io.custody.cli.CustodyCliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A nats-server release, e.g. 2.9.10; decides which configuration keys the server accepts. */
public record ServerVersion(int major, int minor, int patch) implements Comparable<ServerVersion> {

    /**
     * First release whose {@code jetstream {}} block accepts {@code sync_interval}: added by
     * nats-server PR #4483 (September 2023, the 2.10 line). 2.9.10 rejects the key ("unknown
     * field"); whether a late 2.9.x got it is not verified, so every 2.9.x is treated as without.
     */
    public static final ServerVersion SYNC_INTERVAL_SINCE = new ServerVersion(2, 10, 0);

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Comparator<ServerVersion> ORDER =
            Comparator.comparingInt(ServerVersion::major)
                    .thenComparingInt(ServerVersion::minor)
                    .thenComparingInt(ServerVersion::patch);

    public ServerVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new CustodyCliException.InvalidDeployment("negative version component");
        }
    }

    /** Parses "2.9.10", "v2.9.10" or the output of {@code nats-server --version}. */
    public static ServerVersion parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new CustodyCliException.InvalidDeployment("not a nats-server version: " + text);
        }
        return new ServerVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /**
     * Runs {@code <binary> --version}; empty when the binary is missing, hangs or prints nothing
     * that looks like a version.
     */
    public static Optional<ServerVersion> detect(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(parse(out)) : Optional.empty();
        } catch (IOException | CustodyCliException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public boolean supportsSyncInterval() {
        return compareTo(SYNC_INTERVAL_SINCE) >= 0;
    }

    @Override
    public int compareTo(ServerVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
