package io.custody.kmsemu;

import io.custody.kmsemu.auth.Credential;
import io.custody.kmsemu.auth.CredentialsFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns {@code KmsEmulatorMain}'s flags into an {@link EmulatorConfig}. */
final class CommandLine {
    static final String USAGE = """
            usage: java -jar kms-emulator.jar [options]        (DEV/TEST ONLY)
              --port N               TCP port on 127.0.0.1; 0 = ephemeral (default 0); the URL is printed
              --host ADDR            bind address (default 127.0.0.1)
              --state FILE           persist keys in FILE (JSON, mode 0600); default: in memory
              --region NAME          SigV4 region and ARN region (default us-east-1)
              --account ID           12-digit account owning the keys (default 111122223333)
              --credentials FILE     JSON {"credentials":[{"accessKeyId","secretAccessKey","principalArn"}]}
              --access-key ID        a single credential, principal = the account root ...
              --secret-key SECRET    ... with this secret
              --dev-attestation      trust Recipient documents from the INSECURE dev attestation root
            """;

    private CommandLine() {}

    static EmulatorConfig parse(String[] args) {
        String host = "127.0.0.1";
        int port = 0;
        Optional<Path> state = Optional.empty();
        String region = EmulatorConfig.DEFAULT_REGION;
        String account = EmulatorConfig.DEFAULT_ACCOUNT;
        Path credentialsFile = null;
        String accessKey = null;
        String secretKey = null;
        boolean devAttestation = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--dev-attestation" -> devAttestation = true;
                case "--port" -> port = Integer.parseInt(value(args, ++i, flag));
                case "--host" -> host = value(args, ++i, flag);
                case "--state" -> state = Optional.of(Path.of(value(args, ++i, flag)));
                case "--region" -> region = value(args, ++i, flag);
                case "--account" -> account = value(args, ++i, flag);
                case "--credentials" -> credentialsFile = Path.of(value(args, ++i, flag));
                case "--access-key" -> accessKey = value(args, ++i, flag);
                case "--secret-key" -> secretKey = value(args, ++i, flag);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        List<Credential> credentials = new ArrayList<>();
        if (credentialsFile != null) {
            credentials.addAll(CredentialsFile.read(credentialsFile, account));
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("--access-key and --secret-key go together");
        }
        if (accessKey != null) {
            credentials.add(Credential.forAccountRoot(accessKey, secretKey, account));
        }
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("give --credentials FILE or --access-key/--secret-key");
        }
        return new EmulatorConfig(host, port, state, region, account, credentials, devAttestation,
                Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }
}
