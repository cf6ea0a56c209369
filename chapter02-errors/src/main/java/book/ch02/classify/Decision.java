package book.ch02.classify;

/**
 * What a retry loop may do after an outcome, derived from the two facts of a
 * {@link Classification}: is the failure transient, and may the request have been processed.
 */
// tag::decision[]
public enum Decision {
    /** Transient, and the request certainly was not processed: any request may be sent again. */
    RETRYABLE,
    /** Transient, but the request may have been processed: only an idempotent request, or one
     *  carrying an idempotency key, may be sent again. */
    RETRYABLE_IF_IDEMPOTENT,
    /** Trying again gives the same answer, or the caller gave up: fix the request, the configuration or the code. */
    NOT_RETRYABLE,
    /** A success or a redirect: an answer, nothing to retry. */
    NOT_A_FAILURE;

    /** The one rule of the book: transient, and (not processed, or safe to repeat). */
    public boolean allowsRetry(boolean idempotent, boolean hasIdempotencyKey) {
        return this == RETRYABLE || (this == RETRYABLE_IF_IDEMPOTENT && (idempotent || hasIdempotencyKey));
    }
}
// end::decision[]
