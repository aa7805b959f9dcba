package io.custody.control.anchor;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the IAM policy for the anchor bucket ({@link AnchorAccessPolicy}) as JSON. */
@Command(name = "anchor-policy", mixinStandardHelpOptions = true,
        description = "Prints the IAM identity policy for the audit anchor bucket: for the control plane"
                + " (PutObject on the prefix and the reads VerifyAuditChain needs) or an auditor (reads only).")
public final class AnchorPolicyMain implements Callable<Integer> {

    @Option(names = "--bucket", required = true, description = "The anchor bucket.")
    String bucket;

    @Option(names = "--prefix", defaultValue = AnchorLog.DEFAULT_PREFIX, description = "Default: ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--partition", defaultValue = "aws", description = "ARN partition (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(names = "--for", defaultValue = "CONTROL_PLANE",
            description = "CONTROL_PLANE or AUDITOR (default: ${DEFAULT-VALUE}).")
    AnchorAccessPolicy.Holder holder;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AnchorPolicyMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.out.print(AnchorAccessPolicy.policyJson(holder, partition, bucket, prefix));
        return 0;
    }
}
