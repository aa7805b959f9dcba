package io.custody.cli.nats;

import io.custody.cli.CustodyCliException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Writes each user's seed to {@code <dir>/<user>.nk} (one line, the "SU..." seed), the file
 * created 0600 and the directory 0700 from the start (no window where they are readable by
 * others). Refuses to reuse an existing directory: new seeds for an existing deployment are a
 * rotation, which must be a deliberate act.
 */
public final class SeedFiles {

    public static final String DIRECTORY = "nkeys";
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private SeedFiles() {}

    public static Path seedFile(Path out, String user) {
        return out.resolve(DIRECTORY).resolve(user + ".nk");
    }

    /** Creates {@code out/nkeys} and one seed file per identity. */
    public static void write(Path out, List<NkeyIdentity> identities) {
        Path dir = out.resolve(DIRECTORY);
        try {
            Files.createDirectories(out);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
            Files.setPosixFilePermissions(dir, DIRECTORY_MODE); // in case the umask was unusual
        } catch (FileAlreadyExistsException e) {
            throw new CustodyCliException.OutputExists(
                    dir + " already exists; remove it first if you mean to rotate every NKey of this deployment");
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot create " + dir, e);
        }
        for (NkeyIdentity identity : identities) {
            writeOne(seedFile(out, identity.user().name()), identity);
        }
    }

    private static void writeOne(Path file, NkeyIdentity identity) {
        char[] seed = identity.seedCopy();
        ByteBuffer bytes = StandardCharsets.US_ASCII.encode(CharBuffer.wrap(seed));
        try (SeekableByteChannel ch = Files.newByteChannel(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(FILE_MODE))) {
            Files.setPosixFilePermissions(file, FILE_MODE);
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot write " + file, e);
        } finally {
            Arrays.fill(seed, '\0');
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}
