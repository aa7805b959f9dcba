package io.custody.enclave;

import io.custody.enclave.attest.Attestor;
import io.custody.enclave.attest.AttestorFailedException;
import io.custody.enclave.attest.DevAttestor;
import io.custody.enclave.attest.EnclaveIdentity;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.attest.NsmAttestor;
import io.custody.enclave.protocol.EnclaveConfig;
import io.custody.enclave.protocol.EnclaveServer;
import io.custody.enclave.protocol.EnclaveService;
import io.custody.enclave.transport.EnclaveListener;
import io.custody.enclave.transport.EnclaveTransport;
import io.custody.enclave.transport.SockaddrVm;
import io.custody.enclave.transport.UnixSocketTransport;
import io.custody.enclave.transport.VsockTransport;
import io.custody.proto.enclave.wire.FrameCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The enclave process. Production: {@code --vsock-port N} with the NSM for attestation. Dev and
 * tests: {@code --socket PATH --dev}, attestations signed by the public dev root. Flags are parsed
 * by hand to keep the enclave's dependencies to proto and dkls23-native.
 */
public final class Main {
    private static final String USAGE = """
            usage: enclave-runtime (--socket PATH | --vsock-port PORT) [--dev]
                   [--session-cap N] [--session-timeout-seconds N] [--share-cache N]
                   [--attestation-max-age-seconds N] [--allow-pcr0 HEX]...
              --dev   sign attestations with the PUBLIC dev root and trust it in peers (never in production)""";

    private Main() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (IOException | AttestorFailedException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Options options) throws IOException, AttestorFailedException {
        Measurements measurements = Measurements.ofThisEnclave();
        Attestor attestor = options.dev ? DevAttestor.start(measurements) : NsmAttestor.open();
        EnclaveIdentity identity = EnclaveIdentity.generate();
        EnclaveTransport transport = options.socket != null
                ? new UnixSocketTransport(options.socket)
                : new VsockTransport(SockaddrVm.listeningOn(options.vsockPort));
        try (EnclaveService service = new EnclaveService(options.config(), identity, attestor, measurements,
                Clock.systemUTC());
             EnclaveListener listener = transport.listen();
             EnclaveServer server = new EnclaveServer(listener, service, options.config().maxFrameBytes())) {
            System.out.println("enclave ready on " + transport + (options.dev ? " (DEV MODE: insecure attestation)" : "")
                    + ", PCR0 " + HexFormat.of().formatHex(measurements.pcr0()));
            System.out.flush();
            server.serve();
        }
    }

    private static final class Options {
        Path socket;
        int vsockPort = -1;
        boolean dev;
        int sessionCap = EnclaveConfig.DEFAULT_SESSION_CAP;
        Duration sessionTimeout = EnclaveConfig.DEFAULT_SESSION_TIMEOUT;
        int shareCache = EnclaveConfig.DEFAULT_SHARE_CACHE;
        Duration attestationMaxAge = EnclaveConfig.DEFAULT_ATTESTATION_MAX_AGE;
        final List<byte[]> allowPcr0 = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int k = 0; k < args.length; k++) {
                String flag = args[k];
                switch (flag) {
                    case "--dev" -> o.dev = true;
                    case "--socket" -> o.socket = Path.of(value(args, ++k, flag));
                    case "--vsock-port" -> o.vsockPort = number(args, ++k, flag);
                    case "--session-cap" -> o.sessionCap = number(args, ++k, flag);
                    case "--session-timeout-seconds" -> o.sessionTimeout = Duration.ofSeconds(number(args, ++k, flag));
                    case "--share-cache" -> o.shareCache = number(args, ++k, flag);
                    case "--attestation-max-age-seconds" ->
                            o.attestationMaxAge = Duration.ofSeconds(number(args, ++k, flag));
                    case "--allow-pcr0" -> o.allowPcr0.add(pcr(value(args, ++k, flag)));
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            if ((o.socket == null) == (o.vsockPort < 0)) {
                throw new IllegalArgumentException("give exactly one of --socket and --vsock-port");
            }
            return o;
        }

        EnclaveConfig config() {
            return new EnclaveConfig(dev, sessionCap, sessionTimeout, shareCache, attestationMaxAge, allowPcr0,
                    FrameCodec.DEFAULT_MAX_FRAME_BYTES);
        }

        private static String value(String[] args, int k, String flag) {
            if (k >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[k];
        }

        private static int number(String[] args, int k, String flag) {
            try {
                int n = Integer.parseInt(value(args, k, flag));
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a non-negative number");
            }
        }

        private static byte[] pcr(String hex) {
            try {
                byte[] value = HexFormat.of().parseHex(hex);
                if (value.length != Measurements.PCR_BYTES) {
                    throw new IllegalArgumentException("--allow-pcr0 needs 48 bytes of hex");
                }
                return value;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--allow-pcr0 needs 48 bytes of hex");
            }
        }
    }
}
