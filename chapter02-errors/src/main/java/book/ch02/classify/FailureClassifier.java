package book.ch02.classify;

import book.ch02.checksum.ChecksumMismatchException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
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
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Decides, for one outcome of a network call, the two facts a retry loop needs: is the failure
 * transient, and may the request have been processed. It implements the book's one table
 * ("May I retry this?"), so that every chapter gives the same answer on the same failure.
 *
 * <p>It reads the whole cause chain, because Java wraps: {@code HttpClient} reports an unknown
 * host as a {@code ConnectException} caused by an {@code UnresolvedAddressException}, and a
 * reset as an {@code IOException} caused by a {@code SocketException}. What the exception cannot
 * say, whether the request had left the client, comes from the {@link Phase} the caller was in;
 * a failure that proves the connection never opened (refused, connect timeout, no route) says
 * "not processed" in every phase but {@link Phase#FOLLOWING_REDIRECT}, because there the first
 * server already had the request.
 *
 * <p>Protects against the two expensive mistakes: retrying what cannot succeed (a 404, a
 * certificate the client does not trust) and repeating what may already have happened (a
 * payment whose gateway answered 504 while the upstream charged the card).
 *
 * <p>Copyable unit "failure-classifier": this class, {@code Classification}, {@code Decision},
 * {@code FailureKind}, {@code Phase}, {@code HttpHeadersView} and the checksum package's
 * {@code ChecksumMismatchException}; the JDK alone. No defaults to tune: the table is the
 * book's. Limits: it cannot know the phase across a followed redirect unless told
 * ({@link Phase#FOLLOWING_REDIRECT}); it reads an unknown 5xx as a 500 and a 1xx final answer
 * as a protocol error; it never parses exception messages except the OS's "timed out" on a
 * {@code ConnectException} and the JDK's "Remote host terminated the handshake".
 *
 * <p>Specified by: FailureClassifierTest, SharedRetryTableTest, RetryTableWalkTest, RedirectAfterPostTest
 */
public final class FailureClassifier {

    /** Classifies an HTTP answer from its status and headers; any status, even an impossible one. */
    // tag::classify-status[]
    public Classification classify(int status, HttpHeadersView headers) {
        String retryAfter = headers.first("Retry-After").map(v -> "; Retry-After: " + v).orElse("");
        if (status < 100 || status > 599) {
            return outcome(FailureKind.BAD_DATA, false, true, status + ": not an HTTP status, a protocol error");
        }
        if (status < 200) {
            return outcome(FailureKind.BAD_DATA, false, true, status + ": an interim answer is never a final one");
        }
        if (status < 300 || status == 304) {
            return outcome(FailureKind.SUCCESS, false, true, status + ": the server answered");
        }
        if (status < 400) {
            return outcome(FailureKind.REDIRECT, false, true, status + ": a redirect, not a failure;"
                    + " follow it only for an idempotent request");
        }
        return switch (status) {
            case 408 -> outcome(FailureKind.CLIENT_ERROR, true, false,
                    "408: the server closed an idle connection before reading the request");
            case 429 -> outcome(FailureKind.THROTTLED, true, false,
                    "429: refused before any work; come back later" + retryAfter);
            case 409, 422 -> outcome(FailureKind.CLIENT_ERROR, false, true,
                    status + ": the server read the request and refused it; the same request fails the same way");
            case 500 -> outcome(FailureKind.SERVER_ERROR, false, true,
                    "500: a bug on the server; repeating the same request rarely helps");
            case 501, 505 -> outcome(FailureKind.SERVER_ERROR, false, false,
                    status + ": the server does not support this request");
            case 502, 503, 504 -> outcome(FailureKind.SERVER_ERROR, true, true,
                    status + ": a gateway or the server failed, and the upstream may already have done the work;"
                            + " only an idempotent or keyed request may be sent again" + retryAfter);
            default -> status < 500
                    ? outcome(FailureKind.CLIENT_ERROR, false, false,
                            status + ": the request is wrong; the same request gets the same answer")
                    : outcome(FailureKind.SERVER_ERROR, false, true,
                            status + ": the server failed; an unknown 5xx is treated as a 500");
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
        // A connect failure proves nothing left for THIS connection; after a redirect the
        // first server had the request already.
        boolean redirected = phase == Phase.FOLLOWING_REDIRECT;
        if (has(chain, CertificateException.class) || has(chain, CertPathBuilderException.class)
                || has(chain, CertPathValidatorException.class)) {
            return outcome(FailureKind.TLS, false, redirected, "certificate rejected: " + describe(chain));
        }
        if (has(chain, SSLHandshakeException.class)) {
            return cutHandshake(chain)
                    ? outcome(FailureKind.CONNECTION_LOST, true, redirected, "connection cut during the TLS handshake,"
                            + " before the request was sent")
                    : outcome(FailureKind.TLS, false, redirected, "TLS handshake refused: " + describe(chain));
        }
        if (has(chain, UnknownHostException.class) || has(chain, UnresolvedAddressException.class)) {
            return outcome(FailureKind.UNKNOWN_HOST, false, redirected,
                    "the name does not resolve; re-resolving within a backoff window rarely helps");
        }
        if (has(chain, HttpConnectTimeoutException.class) || connectTimedOut(chain)
                || (phase == Phase.CONNECTING && has(chain, SocketTimeoutException.class))) {
            return outcome(FailureKind.CONNECT_TIMEOUT, true, redirected, "connect timed out: nothing was sent");
        }
        if (has(chain, NoRouteToHostException.class)) {
            return outcome(FailureKind.UNREACHABLE, true, redirected, "no route to the host: nothing was sent");
        }
        if (has(chain, ConnectException.class)) {
            return outcome(FailureKind.REFUSED, true, redirected, "connection refused: nothing was sent");
        }
        // What remains may have happened after the request left: the phase decides "sent".
        if (has(chain, InterruptedException.class) || has(chain, CancellationException.class)
                || has(chain, ClosedByInterruptException.class) // a channel's interrupt, not a lost connection
                || (has(chain, InterruptedIOException.class) && !has(chain, SocketTimeoutException.class)
                        && !has(chain, HttpTimeoutException.class))) {
            return outcome(FailureKind.CANCELLED, false, true, "the caller gave up; don't retry");
        }
        if (has(chain, SocketTimeoutException.class) || has(chain, HttpTimeoutException.class)) {
            return outcome(FailureKind.READ_TIMEOUT, true, sent, "timed out waiting for the response");
        }
        if (has(chain, ChecksumMismatchException.class)) {
            return outcome(FailureKind.BAD_DATA, true, sent, "data corrupted in transit: " + describe(chain));
        }
        if (has(chain, ProtocolException.class)) {
            return outcome(FailureKind.BAD_DATA, false, sent, "the peer broke the protocol: " + describe(chain));
        }
        if (has(chain, SSLException.class)) {
            return outcome(FailureKind.BAD_DATA, true, sent, "a TLS record failed: " + describe(chain));
        }
        if (has(chain, EOFException.class) || has(chain, SocketException.class)
                || has(chain, ClosedChannelException.class)) {
            return outcome(FailureKind.CONNECTION_LOST, true, sent, "connection lost: " + describe(chain));
        }
        if (has(chain, IOException.class)) {
            return outcome(FailureKind.CONNECTION_LOST, true, sent, "unrecognised I/O failure: " + describe(chain));
        }
        return outcome(FailureKind.UNEXPECTED, false, sent, "not a network failure: " + describe(chain));
    }
    // end::classify-throwable[]

    /** A handshake the peer cut (EOF, reset) rather than refused: the request had not been sent. */
    private static boolean cutHandshake(List<Throwable> chain) {
        return has(chain, EOFException.class) || has(chain, SocketException.class)
                || chain.stream().anyMatch(t -> t.getMessage() != null
                        && t.getMessage().contains("Remote host terminated the handshake"));
    }

    /** The operating system's "Connection timed out" (ETIMEDOUT) on connect is no refusal. */
    private static boolean connectTimedOut(List<Throwable> chain) {
        return chain.stream().anyMatch(t -> t instanceof ConnectException && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).contains("timed out"));
    }

    private static Classification outcome(FailureKind kind, boolean transientFailure, boolean processed, String reason) {
        return new Classification(kind, transientFailure, processed, reason);
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
