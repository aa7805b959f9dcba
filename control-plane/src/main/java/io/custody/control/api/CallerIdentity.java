package io.custody.control.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who calls a read that must know its caller (ListWallets): the API client id. With mTLS
 * terminated here, the client certificate's subject CN (the certificate was verified against
 * {@code --client-ca}); otherwise the {@code custody-client-id} header, which Envoy sets from the
 * client certificate it verified (and strips from what clients send). Mutating calls do not use
 * this: they are authorised by their request signature.
 */
public final class CallerIdentity implements ServerInterceptor {

    public static final Metadata.Key<String> HEADER =
            Metadata.Key.of("custody-client-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> CLIENT_ID = Context.key("custody-caller-client-id");

    /** The caller's client id, if the call names one. */
    public static Optional<String> current() {
        return Optional.ofNullable(CLIENT_ID.get());
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String clientId = fromCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))
                .orElse(headers.get(HEADER));
        if (clientId == null || clientId.isEmpty()) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(CLIENT_ID, clientId), call, headers, next);
    }

    private static Optional<String> fromCertificate(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return Optional.empty();
        }
    }
}
