package io.custody.cli.dev;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A main class in a module's jar, with that module's runtime classpath: started as
 * {@code java <jvm options> -cp <jar>:<classpath> <main> <args>} on the JDK custodyctl runs on.
 */
public record JavaProgram(String module, String mainClass, Path jar, List<Path> classpath) {

    /**
     * Small, quick-starting JVMs: a dev cluster runs a dozen of them on a laptop. Native access is
     * granted (dkls23-native in the enclave, BouncyCastle elsewhere), Unsafe warnings silenced.
     */
    public static final List<String> DEV_JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m",
            "-Xmx512m");

    public JavaProgram {
        classpath = List.copyOf(classpath);
    }

    /** The JDK custodyctl itself runs on (25 or newer, or custodyctl would not have started). */
    public static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary().toString());
        command.addAll(DEV_JVM_OPTIONS);
        command.add("-cp");
        List<String> entries = new ArrayList<>();
        entries.add(jar.toString());
        classpath.forEach(p -> entries.add(p.toString()));
        command.add(String.join(File.pathSeparator, entries));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
