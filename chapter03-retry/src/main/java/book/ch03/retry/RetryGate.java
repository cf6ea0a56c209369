package book.ch03.retry;

/**
 * Decides whether a retry may happen at all, across all calls: the hook for a retry budget.
 * A per-call limit (max attempts) cannot stop a fleet from tripling its load during an
 * outage; a shared gate can.
 */
public interface RetryGate {

    /** Lets every retry through. */
    RetryGate UNLIMITED = new RetryGate() {
        @Override
        public void onRequest() {
        }

        @Override
        public boolean tryRetry() {
            return true;
        }
    };

    /** A new call (not a retry) started: it may earn credit for later retries. */
    void onRequest();

    /** Takes permission for one retry; false means do not retry. */
    boolean tryRetry();
}
