package book.ch02.classify;

/** Whether sending the same request again can help, and on what condition. */
// tag::decision[]
public enum Decision {
    /** The request certainly did not take effect, or the server asked us to come back. */
    RETRYABLE,
    /** The request may have taken effect: repeat it only if doing so twice is harmless. */
    RETRYABLE_IF_IDEMPOTENT,
    /** Trying again gives the same answer: fix the request, the configuration or the code. */
    NOT_RETRYABLE;

    public boolean allowsRetry(boolean idempotent) {
        return this == RETRYABLE || (this == RETRYABLE_IF_IDEMPOTENT && idempotent);
    }
}
// end::decision[]
