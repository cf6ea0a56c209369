package book.ch05.failover;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;

/**
 * The book's one answer to "may I send this request again, elsewhere?" (the table every
 * chapter shares): a retry is allowed iff the failure is transient AND (the request cannot have
 * reached the server OR it is idempotent OR it carries an idempotency key). Failover moves a
 * request to a backup only when this says yes.
 */
public final class RetryTable {

    private RetryTable() {
    }

    /**
     * The two facts about one failure.
     *
     * @param transient_           another attempt may succeed
     * @param mayHaveBeenProcessed the request may have reached the server and acted
     */
    public record Verdict(boolean transient_, boolean mayHaveBeenProcessed) {

        /** Whether a request of this kind may be sent again. */
        public boolean allowsRetry(boolean idempotent, boolean hasIdempotencyKey) {
            return transient_ && (!mayHaveBeenProcessed || idempotent || hasIdempotencyKey);
        }
    }

    /** For a failure thrown by a call (connect failures are {@link ConnectException}s). */
    public static Verdict of(Throwable failure) {
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
            return new Verdict(true, false); // nothing was sent
        }
        if (failure instanceof UnknownHostException) {
            return new Verdict(false, false);
        }
        if (failure instanceof SocketTimeoutException) {
            return new Verdict(true, true); // a read timeout: the request was written
        }
        if (failure instanceof ClosedByInterruptException || failure instanceof InterruptedIOException) {
            return new Verdict(false, true); // the caller gave up
        }
        return new Verdict(true, true); // reset, EOF, broken pipe after the request was written
    }

    /** For an HTTP status; a success or a redirect is not a failure and gets {@code null}. */
    public static Verdict of(int status) {
        if (status < 100 || status > 599) {
            return new Verdict(false, true); // a protocol error
        }
        if (status < 400) {
            return null;
        }
        return switch (status) {
            case 408, 429 -> new Verdict(true, false);
            case 502, 503, 504 -> new Verdict(true, true);
            case 500 -> new Verdict(false, true);
            case 501, 505 -> new Verdict(false, false);
            case 409, 422 -> new Verdict(false, true);
            default -> new Verdict(false, status >= 500);
        };
    }
}
