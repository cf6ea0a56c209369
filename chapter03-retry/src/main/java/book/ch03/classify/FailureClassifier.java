package book.ch03.classify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;

/**
 * "May I retry this?", answered the same way for every failure in the book. The answer rests on
 * two independent facts: is the failure transient, and may the request have reached the server?
 * A retry is allowed iff it is transient AND (it cannot have arrived OR the request is safe to
 * repeat: idempotent, or carrying an idempotency key). So a POST without a key is retried after a
 * refused connect, a 408 or a 429, and never after a 502, 503, 504, a read timeout or a reset:
 * in each of those the server may already have charged the card.
 *
 * <p>Part of the retry-loop unit ({@code RetryPolicy}'s default); JDK only. Limits: it reads
 * exception types and, where the JDK leaves no type, messages (English, as the JDK writes them).
 * Specified by: FailureClassifierTest, SharedRetryTableTest
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    // tag::classify[]
    /** The kind of a failure, looking through wrappers down the cause chain. */
    public static FailureKind kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException h) {
                return cutShort(h) ? FailureKind.TLS_HANDSHAKE_CUT : FailureKind.TLS_REFUSED;
            }
            if (t instanceof HttpConnectTimeoutException) {   // before HttpTimeoutException, its parent
                return FailureKind.CONNECT_TIMEOUT;
            }
            if (t instanceof NoRouteToHostException) {       // before SocketException, its parent
                return FailureKind.NO_ROUTE;
            }
            if (t instanceof ConnectException) {             // an OS connect timeout is not a refusal
                return mentions(t, "timed out") ? FailureKind.CONNECT_TIMEOUT : connectCause(t);
            }
            if (t instanceof UnknownHostException) {
                return FailureKind.UNKNOWN_HOST;
            }
            if (t instanceof SocketTimeoutException s) {     // before InterruptedIOException, its parent
                return mentions(s, "connect") ? FailureKind.CONNECT_TIMEOUT : FailureKind.READ_TIMEOUT;
            }
            if (t instanceof HttpTimeoutException) {
                return FailureKind.READ_TIMEOUT;
            }
            if (t instanceof InterruptedIOException || t instanceof ClosedByInterruptException) {
                return FailureKind.INTERRUPTED;
            }
            if (t instanceof SocketException || t instanceof EOFException
                    || (t instanceof IOException && (mentions(t, "reset") || mentions(t, "closed")
                            || mentions(t, "no bytes") || mentions(t, "broken pipe")))) {
                return FailureKind.RESET;
            }
        }
        return FailureKind.OTHER;
    }

    /**
     * The shared rule. {@code safeToRepeat}: the request is idempotent or carries an idempotency
     * key, so a second arrival has no second effect.
     */
    public static boolean allowsRetry(boolean transientFailure, boolean mayHaveBeenProcessed, boolean safeToRepeat) {
        return transientFailure && (!mayHaveBeenProcessed || safeToRepeat);
    }

    /** May a call that failed this way be sent again? */
    public static boolean isRetryable(Throwable failure, boolean safeToRepeat) {
        return isRetryable(failure, safeToRepeat, false);
    }

    /**
     * As above, told the request's phase: after a redirect was followed, even a connect failure
     * comes after the first server processed the request (a POST answered 303, say).
     */
    public static boolean isRetryable(Throwable failure, boolean safeToRepeat, boolean afterRedirect) {
        FailureKind kind = kind(failure);
        return allowsRetry(kind.isTransient(), kind.mayHaveBeenProcessed() || afterRedirect, safeToRepeat);
    }

    /** May a call that got this HTTP status be sent again? */
    public static boolean isRetryableStatus(int status, boolean safeToRepeat) {
        return allowsRetry(isTransientStatus(status), statusMayHaveBeenProcessed(status), safeToRepeat);
    }

    /** The request is done: a 2xx, or a 304 answering a conditional request (not a redirect). */
    public static boolean isSuccess(int status) {
        return (status >= 200 && status <= 299) || status == 304;
    }

    /** Not a failure but a pointer elsewhere: 301, 302, 303, 307, 308. */
    public static boolean isRedirect(int status) {
        return switch (status) {
            case 301, 302, 303, 307, 308 -> true;
            default -> false;
        };
    }

    /** Another attempt may get a better answer: pushback (408, 429) or a gateway/overload (502-504). */
    public static boolean isTransientStatus(int status) {
        return switch (status) {
            case 408, 429, 502, 503, 504 -> true;
            default -> false;      // 2xx and 304 are done, a redirect is no failure, a 500 is a bug
        };
    }

    /**
     * May the server have acted on the request? No only where it refused before working: 408 (it
     * closed an idle connection before reading), 429 (pushback), 501 and 505 (it cannot serve the
     * method or version), and a 4xx that rejects the request as such. A 503 is "maybe": gateways
     * answer it after their upstream received the request.
     */
    public static boolean statusMayHaveBeenProcessed(int status) {
        if (status < 100 || status > 599) {
            return true;           // a protocol error: anything may have happened
        }
        return switch (status) {
            case 408, 429, 501, 505 -> false;
            case 409, 422 -> true; // the server read the request and judged it against its state
            default -> status < 400 || status >= 500;
        };
    }
    // end::classify[]

    /**
     * One line for a log or a user that never says "null": the first message down the cause
     * chain, else the exception's name and its kind (the JDK's HTTP client throws a
     * {@code ConnectException} without a message).
     */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName() + " (" + kind(failure).name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    }

    /** A handshake that ended because the peer went away, not because it refused us. */
    private static boolean cutShort(SSLHandshakeException handshake) {
        if (mentions(handshake, "terminated the handshake")) {
            return true;
        }
        for (Throwable t = handshake.getCause(); t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return false;
            }
            if (t instanceof EOFException || t instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    /** {@code HttpClient} throws a ConnectException without a message around the real one. */
    private static FailureKind connectCause(Throwable connect) {
        Throwable cause = connect.getCause();
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return kind(cause);
        }
        return FailureKind.CONNECT_REFUSED;
    }

    private static boolean mentions(Throwable t, String word) {
        String message = t.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains(word);
    }
}
