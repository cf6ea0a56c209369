package book.ch02.classify;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The verdict on one outcome of a call, as two independent facts and the words for a log line:
 * is the failure transient (another attempt may succeed), and may the request have been
 * processed by the server (so that sending it again may do the work twice). A retry is allowed
 * iff the failure is transient and the request was not processed, or is idempotent, or carries
 * an idempotency key.
 *
 * @param kind                 what kind of outcome this is, for people and dashboards
 * @param transientFailure     whether another attempt may succeed; {@code false} for a success
 * @param mayHaveBeenProcessed {@code false} only when the request certainly did not reach the
 *                             server's application (it never left, or the server refused it unread)
 * @param reason               one sentence for a person reading the log
 */
// tag::classification[]
public record Classification(FailureKind kind, boolean transientFailure, boolean mayHaveBeenProcessed, String reason) {

    /** RFC 9110 section 9.2.2: repeating these has the same effect on the server as sending them once. */
    public static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    public Classification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this is an answer (a success or a redirect) rather than a failure. */
    public boolean isFailure() {
        return kind != FailureKind.SUCCESS && kind != FailureKind.REDIRECT;
    }

    public Decision decision() {
        if (!isFailure()) {
            return Decision.NOT_A_FAILURE;
        }
        if (!transientFailure) {
            return Decision.NOT_RETRYABLE;
        }
        return mayHaveBeenProcessed ? Decision.RETRYABLE_IF_IDEMPOTENT : Decision.RETRYABLE;
    }

    /** Whether a retry loop may send this request again. */
    public boolean allowsRetry(boolean idempotent, boolean hasIdempotencyKey) {
        return decision().allowsRetry(idempotent, hasIdempotencyKey);
    }

    /** Whether a retry loop may send a request with this HTTP method again. */
    public boolean allowsRetry(String method, boolean hasIdempotencyKey) {
        return allowsRetry(IDEMPOTENT_METHODS.contains(method.toUpperCase(Locale.ROOT)), hasIdempotencyKey);
    }
}
// end::classification[]
