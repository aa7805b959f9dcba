package io.custody.cli.dev;

import io.custody.cli.CustodyCliException;
import io.custody.cli.CustodyCliException.MissingPrerequisite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The state directory between runs. Every {@code dev up} starts a fresh cluster: it refuses while
 * the recorded one still runs, and otherwise clears the previous run (its data, keys and logs, and
 * the directories it kept outside, such as a temp Postgres directory). A directory that holds
 * something but no cluster state is never touched.
 */
final class StateDirectory {
    /** Where the enclaves' sockets are: under the state directory, or a short temp path. */
    static final String SOCKETS = "sockets.dir";
    /** Unix socket paths are limited to 107 bytes. */
    private static final int MAX_SOCKET_PATH = 100;

    private StateDirectory() {}

    static void prepare(DevLayout layout) {
        Path dir = layout.stateDir();
        Optional<ClusterState> previous = ClusterState.load(layout);
        if (previous.isPresent()) {
            if (previous.get().components().stream().anyMatch(ProcessLiveness::isRunning)) {
                throw new MissingPrerequisite("a dev cluster is already running from " + dir
                        + ": `custodyctl dev status` shows it, `custodyctl dev down` stops it");
            }
            for (String key : new String[] {ClusterState.PG_DIR, SOCKETS}) {
                previous.get().get(key).map(Path::of).filter(p -> !p.startsWith(dir)).ifPresent(StateDirectory::delete);
            }
            delete(dir);
        } else if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new MissingPrerequisite(dir + " is not empty and holds no dev cluster ("
                            + DevLayout.STATE_FILE + " is missing): choose another --state-dir or empty it");
                }
            } catch (IOException e) {
                throw new CustodyCliException.IoFailure("cannot read " + dir, e);
            }
        }
        try {
            Files.createDirectories(layout.logs());
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot create " + layout.logs(), e);
        }
    }

    /** The enclaves' socket directory, recorded in the state. */
    static Path socketDirectory(DevLayout layout, ClusterState state) {
        Path dir = layout.sockets();
        try {
            if (dir.resolve("enclave-s00.sock").toString().length() > MAX_SOCKET_PATH) {
                dir = Files.createTempDirectory("custody-dev-sockets-");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot create " + dir, e);
        }
        state.put(SOCKETS, dir.toString());
        state.save(layout);
        return dir;
    }

    private static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot clear " + root + " (the previous dev cluster): "
                    + e.getMessage(), e);
        }
    }
}
