package book.ch03.retry;

/**
 * Attached (as a suppressed exception) to the failure a {@link Retry} finally throws, so that
 * a stack trace in a log says why the retrying stopped, not only what the last attempt saw.
 */
public final class RetryStoppedException extends Exception {

    private final Outcome reason;

    public RetryStoppedException(Outcome reason, String message) {
        super("retry stopped: " + reason + (message == null ? "" : " (" + message + ")"), null, false, false);
        this.reason = reason;
    }

    public Outcome reason() {
        return reason;
    }
}
