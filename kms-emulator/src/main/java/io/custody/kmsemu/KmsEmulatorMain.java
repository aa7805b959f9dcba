package io.custody.kmsemu;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator until the process is stopped. Prints the endpoint URL alone on the first
 * line of stdout, so scripts can read it ({@code --port 0} picks a free port).
 */
public final class KmsEmulatorMain {
    private KmsEmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmulatorConfig config;
        try {
            config = CommandLine.parse(args);
        } catch (RuntimeException e) {
            System.err.println("kms-emulator: " + e.getMessage());
            System.err.print(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        KmsEmulator emulator = KmsEmulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "kms-emulator-shutdown"));
        System.out.println(emulator.endpoint());
        System.out.flush();
        if (config.devAttestation()) {
            System.err.println("kms-emulator: WARNING --dev-attestation: Recipient documents from the public"
                    + " DEV root are trusted; this gives no security");
        }
        System.err.println("kms-emulator: DEV/TEST ONLY, region " + config.region() + ", account "
                + config.account() + config.stateFile().map(f -> ", state " + f).orElse(", in-memory state"));
        stopped.await();
    }
}
