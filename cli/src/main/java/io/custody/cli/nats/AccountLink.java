package io.custody.cli.nats;

import java.util.Objects;
import java.util.Optional;

/**
 * A cross-account link: {@code from} exports {@code subject} to {@code to} only, and {@code to}
 * imports it, optionally under a local name ({@code localSubject}).
 *
 * @param kind service = request/reply into the exporter (JetStream API, stream capture); stream =
 *     messages flowing from the exporter into the importer
 * @param streamedResponse the service answers with several messages (a pull batch)
 */
public record AccountLink(
        Kind kind,
        NatsAccount from,
        NatsAccount to,
        String subject,
        Optional<String> localSubject,
        boolean streamedResponse) {

    public enum Kind { SERVICE, STREAM }

    public AccountLink {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(localSubject, "localSubject");
        if (from == to) {
            throw new IllegalArgumentException("an account link joins two accounts");
        }
        if (streamedResponse && kind != Kind.SERVICE) {
            throw new IllegalArgumentException("only a service has responses");
        }
    }

    static AccountLink service(NatsAccount from, NatsAccount to, String subject) {
        return new AccountLink(Kind.SERVICE, from, to, subject, Optional.empty(), false);
    }

    static AccountLink service(NatsAccount from, NatsAccount to, String subject, String local, boolean streamed) {
        return new AccountLink(Kind.SERVICE, from, to, subject, Optional.of(local), streamed);
    }

    static AccountLink stream(NatsAccount from, NatsAccount to, String subject) {
        return new AccountLink(Kind.STREAM, from, to, subject, Optional.empty(), false);
    }
}
