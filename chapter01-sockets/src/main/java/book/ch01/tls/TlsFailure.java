/*
 * Unit "tls-client" of chapter 1 (copy these six files together: TlsContexts, TlsSettings,
 * HandshakeDeadline, TlsEchoClient, Lines, TlsFailure; they use the JDK alone).
 * This file: a TLS failure turned into one line a person can act on.
 * Defaults: TLS 1.3 only, host-name verification on (endpoint identification "HTTPS"), SNI set,
 * connect 2 s, whole handshake 5 s, read 30 s, lines of at most 8 KiB. Trust is the set of CAs in
 * a PKCS12 trust store, validated by the JDK's PKIX code: there is no trust-all switch.
 * Limits: one line-based echo per connection at a time; not thread-safe per client.
 * Specified by: TlsEchoTest, TlsProgramsTest.
 */
package book.ch01.tls;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Objects;

/**
 * A TLS failure turned into one line a person can act on: "certificate not trusted: ...",
 * "host name mismatch: ...". The JDK's exceptions are precise but buried two or three causes
 * deep and phrased for the JDK's own developers; this is what belongs in a log.
 *
 * @param kind   what went wrong, in the reader's terms
 * @param detail the JDK's own words for it
 */
public record TlsFailure(Kind kind, String detail) {

    public enum Kind {
        CERTIFICATE_EXPIRED("certificate expired or not yet valid"),
        UNTRUSTED_CERTIFICATE("certificate not trusted"),
        HOST_NAME_MISMATCH("host name mismatch"),
        CLIENT_CERTIFICATE_REQUIRED("peer required a client certificate"),
        CLIENT_CERTIFICATE_MISSING("client sent no certificate"),
        CERTIFICATE_REJECTED_BY_PEER("peer rejected our certificate"),
        NO_COMMON_PROTOCOL("no TLS version in common"),
        NOT_TLS("peer does not speak TLS"),
        CONNECTION_REFUSED("connection refused (no server on that port)"),
        TIMEOUT("peer too slow"),
        PEER_CLOSED("peer closed the connection"),
        OTHER("TLS failure");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final int MAX_CAUSES = 10;

    public TlsFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    // tag::diagnose[]
    public static TlsFailure diagnose(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof ConnectException) { // before TLS began: a SocketException, but not a closed peer
                return new TlsFailure(Kind.CONNECTION_REFUSED, message);
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return new TlsFailure(Kind.CERTIFICATE_EXPIRED, message);
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return new TlsFailure(Kind.UNTRUSTED_CERTIFICATE, message);
            }
            if (t instanceof CertificateException && (message.startsWith("No subject alternative")
                    || message.startsWith("No name matching"))) {
                return new TlsFailure(Kind.HOST_NAME_MISMATCH, message);
            }
            if (message.contains("Empty client certificate chain")) { // the server's view
                return new TlsFailure(Kind.CLIENT_CERTIFICATE_MISSING, message);
            }
            if (message.contains("certificate_required")) { // the client's view: TLS 1.3's alert
                return new TlsFailure(Kind.CLIENT_CERTIFICATE_REQUIRED, message);
            }
            if (message.contains("alert: bad_certificate") || message.contains("alert: certificate_unknown")) {
                return new TlsFailure(Kind.CERTIFICATE_REJECTED_BY_PEER, message);
            }
            if (message.contains("protocol_version") || message.contains("No appropriate protocol")) {
                return new TlsFailure(Kind.NO_COMMON_PROTOCOL, message);
            }
            if (message.contains("Unsupported or unrecognized SSL message")) {
                return new TlsFailure(Kind.NOT_TLS, message);
            }
            if (t instanceof SocketTimeoutException) {
                return new TlsFailure(Kind.TIMEOUT, message);
            }
        }
        if (failure instanceof EOFException || failure instanceof SocketException
                || String.valueOf(failure.getMessage()).contains("Remote host terminated")) {
            return new TlsFailure(Kind.PEER_CLOSED, String.valueOf(failure.getMessage()));
        }
        return new TlsFailure(Kind.OTHER, failure.toString());
    }
    // end::diagnose[]

    /** The one line for a log: {@code "host name mismatch: No subject alternative DNS name matching localhost found."} */
    @Override
    public String toString() {
        return kind.label() + ": " + detail;
    }
}
