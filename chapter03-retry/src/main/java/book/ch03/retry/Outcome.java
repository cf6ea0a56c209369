package book.ch03.retry;

/** What became of one attempt, and if it was the last, why the retrying stopped. */
public enum Outcome {
    /** The call returned a result the policy accepts. */
    SUCCEEDED,
    /** The call failed in a retryable way and another attempt follows after the delay. */
    RETRYING,
    /** The failure (or result) is one the policy must not retry. */
    NOT_RETRYABLE,
    /** The last allowed attempt failed. */
    ATTEMPTS_EXHAUSTED,
    /** The next delay would end past the deadline, so it was not started. */
    DEADLINE_REACHED,
    /** The server asked for a wait longer than the policy accepts. */
    DELAY_REFUSED,
    /** The retry budget had no token left for this retry. */
    BUDGET_EXHAUSTED,
    /** The thread was interrupted: stop at once. */
    INTERRUPTED
}
