package io.custody.cli.dev;

import io.custody.cli.CustodyCliException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a dev cluster consists of: {@code cluster.properties} in the state directory, rewritten
 * (atomically) after every component that starts, so {@code dev down} can stop a half-started
 * cluster too. Holds paths, ports and pids — never a secret.
 */
public final class ClusterState {
    /** Keys of cluster-wide values. */
    public static final String ROOT = "root";
    public static final String STARTED = "started";
    public static final String STOPPED = "stopped";
    public static final String NODES = "nodes";
    public static final String THRESHOLD = "threshold";
    public static final String NATS_URL = "nats.url";
    public static final String NATS_CONTROL_USER = "nats.control.user";
    public static final String NATS_CONTROL_SEED = "nats.control.seed";
    public static final String KMS_ENDPOINT = "kms.endpoint";
    public static final String KMS_KEY_ID = "kms.key.id";
    public static final String DB_URL = "db.url";
    public static final String PG_BIN = "postgres.bin";
    public static final String PG_DATA = "postgres.data";
    public static final String PG_DIR = "postgres.dir";
    public static final String PG_AS_NOBODY = "postgres.as.nobody";
    public static final String PCR0 = "enclave.pcr0";
    public static final String CONTROL_GRPC_PORT = "control.grpc.port";
    /** Why step 10 did not start the control plane, if it did not. */
    public static final String CONTROL_SKIPPED = "control.skipped";
    /** The operator key (Ed25519 PEM) whose public half is the control plane's --admin-key-file. */
    public static final String ADMIN_KEY = "control.admin.key";
    public static final String ADMIN_PUBLIC_KEY = "control.admin.public.key";

    private static final String COMPONENTS = "components";

    /** One recorded process. {@code port} 0 = none; {@code startedMillis} guards against pid reuse. */
    public record Component(String name, long pid, long startedMillis, int port, Path log) {}

    private final Properties properties;

    private ClusterState(Properties properties) {
        this.properties = properties;
    }

    public static ClusterState empty() {
        return new ClusterState(new Properties());
    }

    /** The recorded cluster, if {@code dev up} ever ran with this state directory. */
    public static Optional<ClusterState> load(DevLayout layout) {
        Path file = layout.stateFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot read " + file, e);
        }
        return Optional.of(new ClusterState(p));
    }

    public void save(DevLayout layout) {
        Path file = layout.stateFile();
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(out, "custodyctl dev: what runs where (no secrets); read by dev down/status/demo");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot write " + file, e);
        }
    }

    public void put(String key, String value) {
        properties.setProperty(key, value);
    }

    public void remove(String key) {
        properties.remove(key);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(properties.getProperty(key));
    }

    /** A value {@code dev up} always records before the step that needs it. */
    public String require(String key) {
        return get(key).orElseThrow(() -> new CustodyCliException.ClusterFailure(
                "the cluster state has no " + key + ": did `dev up` finish? (`custodyctl dev status`)"));
    }

    public List<String> nodes() {
        return get(NODES).map(v -> Arrays.asList(v.split(","))).orElse(List.of());
    }

    public void add(Component c) {
        List<String> names = new ArrayList<>(componentNames());
        names.remove(c.name());
        names.add(c.name());
        properties.setProperty(COMPONENTS, String.join(",", names));
        String prefix = "component." + c.name() + ".";
        properties.setProperty(prefix + "pid", Long.toString(c.pid()));
        properties.setProperty(prefix + "started", Long.toString(c.startedMillis()));
        properties.setProperty(prefix + "port", Integer.toString(c.port()));
        properties.setProperty(prefix + "log", c.log().toString());
    }

    /** Components in the order they were started. */
    public List<Component> components() {
        List<Component> list = new ArrayList<>();
        for (String name : componentNames()) {
            String prefix = "component." + name + ".";
            list.add(new Component(name, Long.parseLong(properties.getProperty(prefix + "pid", "0")),
                    Long.parseLong(properties.getProperty(prefix + "started", "0")),
                    Integer.parseInt(properties.getProperty(prefix + "port", "0")),
                    Path.of(properties.getProperty(prefix + "log", ""))));
        }
        return list;
    }

    private List<String> componentNames() {
        String value = properties.getProperty(COMPONENTS, "");
        return value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
    }
}
