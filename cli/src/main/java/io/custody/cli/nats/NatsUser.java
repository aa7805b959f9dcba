package io.custody.cli.nats;

import io.custody.cli.CustodyCliException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One NKey user of the deployment. The name is a single subject token (it appears in subjects
 * such as {@code custody.rounds.<session>.<name>} and the inbox {@code _INBOX.<name>.>}).
 */
public record NatsUser(String name, NatsAccount account) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public NatsUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        if (!NAME.matcher(name).matches()) {
            throw new CustodyCliException.InvalidDeployment(
                    "user name must match " + NAME.pattern() + ": " + name);
        }
        if (name.equals(SubjectPlan.POOL_TOKEN)) {
            throw new CustodyCliException.InvalidDeployment(
                    "'" + SubjectPlan.POOL_TOKEN + "' is reserved for the shared job pool");
        }
    }

    public boolean isSigner() {
        return account == NatsAccount.SIGNERS;
    }
}
