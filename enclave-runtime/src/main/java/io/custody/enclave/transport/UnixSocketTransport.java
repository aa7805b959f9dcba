package io.custody.enclave.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The dev and test transport: a Unix domain stream socket at a file path. Listening replaces a
 * stale socket file left by a crashed process, but never a live listener or a non-socket file,
 * and restricts the new socket to its owner (0600).
 */
public final class UnixSocketTransport implements EnclaveTransport {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            PosixFilePermissions.fromString("rw-------");
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int FILE_TYPE_SOCKET = 0140000;

    private final Path socketPath;
    private final UnixDomainSocketAddress address;

    public UnixSocketTransport(Path socketPath) {
        this.socketPath = Objects.requireNonNull(socketPath, "socketPath").toAbsolutePath();
        this.address = UnixDomainSocketAddress.of(this.socketPath);
    }

    public Path socketPath() {
        return socketPath;
    }

    @Override
    public EnclaveListener listen() throws IOException {
        removeStaleSocket();
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(address);
            // bind() creates the file with the process umask; connecting needs write permission on
            // it, so with the usual 022 umask nobody else could connect even before this narrows it.
            Files.setPosixFilePermissions(socketPath, OWNER_READ_WRITE);
            return new Listener(server, socketPath);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public EnclaveConnection connect() throws IOException {
        return new Connection(SocketChannel.open(address));
    }

    @Override
    public String toString() {
        return "unix:" + socketPath;
    }

    private void removeStaleSocket() throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(socketPath, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & FILE_TYPE_MASK) != FILE_TYPE_SOCKET) {
            throw new FileSystemException(socketPath.toString(), null,
                    "exists and is not a socket; refusing to replace it");
        }
        if (hasLiveListener()) {
            throw new FileSystemException(socketPath.toString(), null,
                    "another process is listening on this socket");
        }
        Files.deleteIfExists(socketPath);
    }

    private boolean hasLiveListener() throws IOException {
        try {
            SocketChannel.open(address).close();
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static final class Listener implements EnclaveListener {
        private final ServerSocketChannel server;
        private final Path socketPath;

        Listener(ServerSocketChannel server, Path socketPath) {
            this.server = server;
            this.socketPath = socketPath;
        }

        @Override
        public EnclaveConnection accept() throws IOException {
            return new Connection(server.accept());
        }

        @Override
        public void close() throws IOException {
            try {
                server.close();
            } finally {
                Files.deleteIfExists(socketPath);
            }
        }
    }

    private static final class Connection implements EnclaveConnection {
        private final SocketChannel channel;
        // The JDK's streams over a SocketChannel let one thread read while another writes.
        private final InputStream input;
        private final OutputStream output;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.input = Channels.newInputStream(channel);
            this.output = Channels.newOutputStream(channel);
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
