package book.ch02.classify;

import java.util.Objects;

/**
 * The verdict on one failure: may it be retried, what kind of trouble it is, whether the request
 * may have reached the server (and so may have taken effect), and why, in words for a log line.
 *
 * @param decision             whether a retry can help, and on what condition
 * @param kind                 what kind of trouble this is
 * @param mayHaveReachedServer {@code false} only when the request certainly never left the client
 * @param reason               one sentence for a person reading the log
 */
// tag::classification[]
public record Classification(Decision decision, FailureKind kind, boolean mayHaveReachedServer, String reason) {

    public Classification {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether a retry loop may send this request again. */
    public boolean allowsRetry(boolean idempotent) {
        return decision.allowsRetry(idempotent);
    }
}
// end::classification[]
