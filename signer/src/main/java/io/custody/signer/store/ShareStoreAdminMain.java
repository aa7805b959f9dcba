package io.custody.signer.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Sets up a node's share store as its owner: applies the schema ({@link ShareStoreAdmin#migrate})
 * and creates one login role per node with a fresh random password, each written to
 * {@code DIR/<node>.dbpass} (0600, in a 0700 directory, never overwritten) for that node's
 * {@code SignerMain --db-password-file}. Passwords are not printed.
 *
 * <pre>
 * ShareStoreAdminMain --db-url JDBC-URL --owner ROLE --owner-password-file PATH --nodes s1,s2,... --password-dir DIR
 * </pre>
 */
public final class ShareStoreAdminMain {

    static final String USAGE = "usage: ShareStoreAdminMain --db-url JDBC-URL --owner ROLE --owner-password-file PATH"
            + " --nodes ID[,ID...] --password-dir DIR";
    static final String PASSWORD_SUFFIX = ".dbpass";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ShareStoreAdminMain() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, ShareStoreAdminMain::dataSource);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The file {@code ShareStoreAdminMain} writes the node's role password to. */
    public static Path passwordFile(Path dir, String nodeId) {
        return dir.resolve(nodeId + PASSWORD_SUFFIX);
    }

    /** Exit status: 0 done; 1 the database or a file refused; 2 bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err, Function<Arguments, DataSource> owner) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            ShareStoreAdmin admin = new ShareStoreAdmin(owner.apply(arguments));
            int migrations = admin.migrate();
            Files.createDirectories(arguments.passwordDir(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<String> roles = new ArrayList<>();
            for (String node : arguments.nodes()) {
                roles.add(createRole(admin, node, passwordFile(arguments.passwordDir(), node)).roleName());
            }
            out.println("share store: " + migrations + " migration(s) applied; node roles " + String.join(", ", roles)
                    + " (passwords in " + arguments.passwordDir() + ")");
            return 0;
        } catch (ShareStoreException | IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            return 1;
        }
    }

    /** Writes the password file first (so no role ever has a password nobody kept), then the role. */
    private static NodeRole createRole(ShareStoreAdmin admin, String node, Path file) throws IOException {
        NodeRole.of(node); // validates the id before anything is written
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        Arrays.fill(raw, (byte) 0);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists: remove it deliberately to give node " + node + " a new role", e);
        }
        Files.writeString(file, new String(password) + "\n", StandardCharsets.UTF_8);
        try {
            return admin.createNodeRole(node, password);
        } catch (RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    static DataSource dataSource(Arguments arguments) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(arguments.url());
        ds.setUser(arguments.owner());
        try {
            ds.setPassword(Files.readString(arguments.ownerPasswordFile(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + arguments.ownerPasswordFile() + ": " + e.getMessage());
        }
        return ds;
    }

    record Arguments(String url, String owner, Path ownerPasswordFile, List<String> nodes, Path passwordDir) {
        static Arguments parse(String[] args) {
            String url = null;
            String owner = null;
            Path ownerPassword = null;
            List<String> nodes = List.of();
            Path dir = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--db-url" -> url = value;
                    case "--owner" -> owner = value;
                    case "--owner-password-file" -> ownerPassword = Path.of(value);
                    case "--nodes" -> nodes = List.of(value.split(","));
                    case "--password-dir" -> dir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (url == null || owner == null || ownerPassword == null || nodes.isEmpty() || dir == null) {
                throw new IllegalArgumentException(
                        "--db-url, --owner, --owner-password-file, --nodes and --password-dir are required");
            }
            nodes.forEach(NodeRole::of);
            return new Arguments(url, owner, ownerPassword, nodes, dir);
        }
    }
}
