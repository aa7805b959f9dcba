package io.custody.cli;

import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.admin.v1.VerifyAuditChainResponse;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custodyctl audit}: the control plane's audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The control plane's hash-chained audit log (AdminService).",
        subcommands = {AuditCommand.Verify.class, CommandLine.HelpCommand.class})
final class AuditCommand {

    /** Exit code when the control plane reports the chain not valid. */
    static final int EXIT_NOT_VALID = 4;

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Asks the control plane to recompute the audit chain and check it against its anchors",
                "(VerifyAuditChain). Exit 0 if valid, " + EXIT_NOT_VALID + " if not, 1 if it could not ask. This is",
                "the control plane's own answer: a host that is not trusted must be checked from outside it."})
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ClientOptions options;

        @Option(names = "--from", defaultValue = "0", description = "First event (default: the first).")
        long from;

        @Option(names = "--to", defaultValue = "0", description = "Last event (default: the newest).")
        long to;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            VerifyAuditChainResponse r;
            try (ControlPlaneClient cp = options.connect()) {
                // A full recomputation reads every event: allow it more than a usual call.
                r = cp.admin(Duration.ofMinutes(5)).verifyAuditChain(VerifyAuditChainRequest.newBuilder()
                        .setFromSequence(from).setToSequence(to).build());
            }
            out.println("audit chain   " + (r.getValid() ? "VALID" : "NOT VALID"));
            out.println("events        " + r.getFromSequence() + ".." + r.getToSequence());
            out.println("head hash     " + HexFormat.of().formatHex(r.getHeadHash().toByteArray()));
            out.println("anchors       " + (r.getAnchorsChecked() == 0 && r.getLastAnchoredSequence() == 0
                    ? "none checked (is anchoring configured on the control plane?)"
                    : r.getAnchorsChecked() + " checked, newest anchored event " + r.getLastAnchoredSequence()));
            if (!r.getValid()) {
                if (r.getFirstInvalidSequence() != 0) {
                    out.println("first invalid event       " + r.getFirstInvalidSequence());
                }
                if (r.getFirstDisagreeingAnchor() != 0) {
                    out.println("first disagreeing anchor  " + r.getFirstDisagreeingAnchor());
                }
                out.println("failure       " + r.getFailure());
            }
            out.flush();
            return r.getValid() ? 0 : EXIT_NOT_VALID;
        }
    }
}
