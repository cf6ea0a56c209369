package book.ch02.classify;

import static book.ch02.classify.Decision.NOT_RETRYABLE;
import static book.ch02.classify.Decision.RETRYABLE;
import static book.ch02.classify.Decision.RETRYABLE_IF_IDEMPOTENT;

import book.ch02.checksum.ChecksumMismatchException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Decides whether a failed network call may be retried. It reads the whole cause chain, because
 * Java wraps: {@code HttpClient} reports an unknown host as a {@code ConnectException} caused by
 * an {@code UnresolvedAddressException}, and a reset as an {@code IOException} caused by a
 * {@code SocketException}. What the exception cannot say, whether the request had left the
 * client, comes from the {@link Phase} the caller was in; evidence in the chain that the
 * connection never opened overrides the phase.
 *
 * <p>Protects against the two expensive mistakes: retrying what cannot succeed (a 404, a
 * certificate the client does not trust) and repeating what may already have happened (a
 * payment whose response timed out).
 */
public final class FailureClassifier {

    /** Classifies an HTTP answer that is not a success, from its status and headers. */
    // tag::classify-status[]
    public Classification classify(int status, HttpHeadersView headers) {
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not a failure (expected 300-599)");
        }
        String retryAfter = headers.first("Retry-After").map(v -> "; Retry-After: " + v).orElse("");
        return switch (status) {
            case 408 -> of(RETRYABLE, FailureKind.SLOW, true,
                    "408: the server timed out waiting for the request and did not process it");
            case 429 -> of(RETRYABLE, FailureKind.THROTTLED, true,
                    "429: rejected before processing, retry later" + retryAfter);
            case 503 -> of(RETRYABLE, FailureKind.SERVER_ERROR, true,
                    "503: the server is unavailable and did not process the request" + retryAfter);
            case 502, 504 -> of(RETRYABLE, FailureKind.SERVER_ERROR, true,
                    status + ": a gateway got no usable answer from its upstream; retry, but the upstream"
                            + " may have processed it, so a non-idempotent request needs an idempotency key");
            case 500 -> of(RETRYABLE_IF_IDEMPOTENT, FailureKind.SERVER_ERROR, true,
                    "500: the server failed part-way; only an idempotent request may be repeated");
            case 501, 505 -> of(NOT_RETRYABLE, FailureKind.SERVER_ERROR, true,
                    status + ": the server does not support this request");
            default -> status < 400
                    ? of(NOT_RETRYABLE, FailureKind.REDIRECT, true,
                            status + ": a redirect was returned instead of followed (a loop, or redirects disabled)")
                    : status < 500
                            ? of(NOT_RETRYABLE, FailureKind.CLIENT_ERROR, true,
                                    status + ": the request is wrong; the same request gets the same answer")
                            : of(RETRYABLE_IF_IDEMPOTENT, FailureKind.SERVER_ERROR, true,
                                    status + ": the server failed; only an idempotent request may be repeated");
        };
    }
    // end::classify-status[]

    /** Classifies a thrown failure, given how far the attempt had got. */
    // tag::classify-throwable[]
    public Classification classify(Throwable failure, Phase phase) {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(phase, "phase");
        List<Throwable> chain = causeChain(failure);
        boolean sent = phase.requestMayHaveArrived();
        if (has(chain, CertificateException.class) || has(chain, CertPathBuilderException.class)
                || has(chain, CertPathValidatorException.class)) {
            return of(NOT_RETRYABLE, FailureKind.TLS, false, "certificate rejected: " + describe(chain));
        }
        if (has(chain, SSLHandshakeException.class)) {
            return has(chain, EOFException.class) || has(chain, SocketException.class)
                    ? of(RETRYABLE, FailureKind.CONNECTION_LOST, false, "connection lost during the TLS handshake")
                    : of(NOT_RETRYABLE, FailureKind.TLS, false, "TLS handshake refused: " + describe(chain));
        }
        if (has(chain, UnknownHostException.class) || has(chain, UnresolvedAddressException.class)) {
            return of(NOT_RETRYABLE, FailureKind.UNKNOWN_HOST, false,
                    "the name does not resolve; Java caches that answer, so a quick retry sees it again");
        }
        if (has(chain, HttpConnectTimeoutException.class)
                || (phase == Phase.CONNECTING && has(chain, SocketTimeoutException.class))) {
            return of(RETRYABLE, FailureKind.SLOW, false, "connect timed out: no connection, nothing was sent");
        }
        if (has(chain, ConnectException.class)) {
            return of(RETRYABLE, FailureKind.REFUSED, false, "connection refused: nothing was sent");
        }
        // end::classify-throwable[]
        // tag::classify-after-sending[]
        if (has(chain, SocketTimeoutException.class) || has(chain, HttpTimeoutException.class)) {
            return afterSending(sent, FailureKind.SLOW, "timed out after the request may have arrived");
        }
        if (has(chain, ChecksumMismatchException.class)) {
            return afterSending(sent, FailureKind.BAD_DATA, "data corrupted in transit: " + describe(chain));
        }
        if (has(chain, ProtocolException.class)) {
            return of(NOT_RETRYABLE, FailureKind.BAD_DATA, sent, "the peer broke the protocol: " + describe(chain));
        }
        if (has(chain, SSLException.class)) {
            return afterSending(sent, FailureKind.BAD_DATA, "a TLS record failed: " + describe(chain));
        }
        if (has(chain, InterruptedException.class) || has(chain, CancellationException.class)
                || has(chain, ClosedByInterruptException.class) // a channel's interrupt, not a lost connection
                || (has(chain, InterruptedIOException.class) && !has(chain, SocketTimeoutException.class))) {
            return of(NOT_RETRYABLE, FailureKind.CANCELLED, sent, "the caller gave up");
        }
        if (has(chain, EOFException.class) || has(chain, SocketException.class)
                || has(chain, ClosedChannelException.class)) {
            return afterSending(sent, FailureKind.CONNECTION_LOST, "connection lost: " + describe(chain));
        }
        if (has(chain, IOException.class)) {
            return afterSending(sent, FailureKind.CONNECTION_LOST, "unrecognised I/O failure: " + describe(chain));
        }
        return of(NOT_RETRYABLE, FailureKind.UNEXPECTED, sent, "not a network failure: " + describe(chain));
        // end::classify-after-sending[]
    }

    /** Before the request left, a transient failure is safe to retry; after, only if idempotent. */
    private static Classification afterSending(boolean sent, FailureKind kind, String reason) {
        return of(sent ? RETRYABLE_IF_IDEMPOTENT : RETRYABLE, kind, sent, reason);
    }

    private static Classification of(Decision decision, FailureKind kind, boolean reached, String reason) {
        return new Classification(decision, kind, reached, reason);
    }

    /** The failure and its causes, outermost first; stops at a cycle. */
    static List<Throwable> causeChain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
        return chain.stream().anyMatch(type::isInstance);
    }

    /** The innermost cause that says something, as "Class: message". */
    private static String describe(List<Throwable> chain) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            if (t.getMessage() != null) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return chain.getFirst().getClass().getSimpleName();
    }
}
