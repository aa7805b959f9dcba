package io.custody.enclave;

import io.custody.enclave.attest.AcceptedBuilds;
import io.custody.enclave.attest.AttestorFailedException;
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
import io.custody.proto.enclave.ImageMeasurements;
import io.custody.proto.enclave.NodeIdentityPcr;
import io.custody.proto.enclave.wire.FrameCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The enclave process. Production: {@code --vsock-port N --node-id ID --expected-pcrs FILE} with the
 * NSM for attestation. Dev and tests: {@code --socket PATH --dev --node-id ID}, attestations signed
 * by the public dev root. The node id is fixed here, at boot, and attested in PCR16 of every
 * document ({@link Boot}); no request can change it. Flags are parsed by hand to keep the
 * enclave's dependencies to proto and dkls23-native.
 */
public final class Main {
    private static final String USAGE = """
            usage: enclave-runtime (--socket PATH | --vsock-port PORT) --node-id ID
                   (--expected-pcrs FILE... | --dev [--allow-pcr0 HEX]...)
                   [--session-cap N] [--session-timeout-seconds N] [--share-cache N]
                   [--attestation-max-age-seconds N]
              --node-id ID          the signer node this enclave serves; attested in PCR16 (required)
              --expected-pcrs FILE  nitro-cli build-enclave's output for an image peers may run; this
                                    enclave's own image must be one of them (Nitro mode: required)
              --dev                 sign attestations with the PUBLIC dev root and trust it in peers
                                    (never in production); PCR0 is then the jar's hash
              --allow-pcr0 HEX      dev mode: another build's PCR0 accepted from peers""";

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
        Boot boot = options.dev ? Boot.dev(options.nodeId, options.allowPcr0) : nitro(options);
        EnclaveIdentity identity = EnclaveIdentity.generate();
        EnclaveTransport transport = options.socket != null
                ? new UnixSocketTransport(options.socket)
                : new VsockTransport(SockaddrVm.listeningOn(options.vsockPort));
        EnclaveConfig config = options.config(boot.peers());
        try (EnclaveService service = new EnclaveService(config, identity, boot.attestor(), boot.own(),
                Clock.systemUTC());
             EnclaveListener listener = transport.listen();
             EnclaveServer server = new EnclaveServer(listener, service, config.maxFrameBytes())) {
            System.out.println("enclave ready on " + transport + (options.dev ? " (DEV MODE: insecure attestation)" : "")
                    + ", node " + boot.nodeId() + ", PCR0 " + HexFormat.of().formatHex(boot.own().pcr0()));
            System.out.flush();
            server.serve();
        }
    }

    private static Boot nitro(Options options) throws AttestorFailedException {
        NsmAttestor nsm = NsmAttestor.open();
        try {
            return Boot.nitro(nsm, options.nodeId, options.expectedImages);
        } catch (AttestorFailedException | RuntimeException e) {
            nsm.close();
            throw e;
        }
    }

    static final class Options {
        Path socket;
        int vsockPort = -1;
        boolean dev;
        String nodeId;
        final List<ImageMeasurements> expectedImages = new ArrayList<>();
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
                    case "--node-id" -> o.nodeId = NodeIdentityPcr.requireNodeId(value(args, ++k, flag));
                    case "--expected-pcrs" -> o.expectedImages.add(expected(value(args, ++k, flag)));
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
            if (o.nodeId == null) {
                throw new IllegalArgumentException("--node-id is required: the enclave attests the node it serves");
            }
            if (o.dev && !o.expectedImages.isEmpty()) {
                throw new IllegalArgumentException("--expected-pcrs is for Nitro mode; in dev mode PCR0 is the jar's"
                        + " hash (use --allow-pcr0 for another build)");
            }
            if (!o.dev && o.expectedImages.isEmpty()) {
                throw new IllegalArgumentException("Nitro mode needs the expected image measurements:"
                        + " --expected-pcrs FILE with what `nitro-cli build-enclave` printed");
            }
            if (!o.dev && !o.allowPcr0.isEmpty()) {
                throw new IllegalArgumentException("--allow-pcr0 is for dev mode; in Nitro mode give the other"
                        + " image's measurements as a second --expected-pcrs FILE");
            }
            return o;
        }

        EnclaveConfig config(AcceptedBuilds peers) {
            return new EnclaveConfig(dev, nodeId, sessionCap, sessionTimeout, shareCache, attestationMaxAge, peers,
                    FrameCodec.DEFAULT_MAX_FRAME_BYTES);
        }

        private static ImageMeasurements expected(String file) {
            try {
                return ImageMeasurements.readNitroCliOutput(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("--expected-pcrs " + file + " cannot be read: " + e.getMessage());
            }
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
