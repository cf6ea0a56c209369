package book.ch03.classify;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The chapter's rules for what may be retried. The question is never "is this error
 * transient?" alone but "could the first attempt have done something?": a refused or
 * timed-out connect never reached the server, so any request may go again; a read
 * timeout or a reset happened after the request left, so only an idempotent request may.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    // tag::classify[]
    /** The kind of a failure, looking through wrappers down the cause chain. */
    public static FailureKind kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return FailureKind.OTHER; // a certificate does not get better by asking again
            }
            if (t instanceof HttpConnectTimeoutException) {
                return FailureKind.CONNECT_TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return FailureKind.CONNECT_REFUSED;
            }
            if (t instanceof SocketTimeoutException s) {
                return mentions(s, "connect") ? FailureKind.CONNECT_TIMEOUT : FailureKind.READ_TIMEOUT;
            }
            if (t instanceof HttpTimeoutException) {
                return FailureKind.READ_TIMEOUT;
            }
            if (t instanceof SocketException || t instanceof EOFException
                    || (t instanceof IOException && (mentions(t, "reset") || mentions(t, "closed")
                            || mentions(t, "no bytes")))) {
                return FailureKind.RESET;
            }
        }
        return FailureKind.OTHER;
    }

    /** May a call that failed this way be sent again? */
    public static boolean isRetryable(Throwable failure, boolean idempotent) {
        return switch (kind(failure)) {
            case CONNECT_REFUSED, CONNECT_TIMEOUT -> true;
            case READ_TIMEOUT, RESET -> idempotent;
            case OTHER -> false;
        };
    }

    /** May a call that got this HTTP status be sent again? */
    public static boolean isRetryableStatus(int status, boolean idempotent) {
        return switch (status) {
            case 429, 502, 503, 504 -> true;  // the server asks us to come back later
            case 500 -> idempotent;           // it may have failed half-way through
            default -> false;                 // 2xx is done, other 4xx will fail again
        };
    }
    // end::classify[]

    private static boolean mentions(Throwable t, String word) {
        String message = t.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains(word);
    }
}
