package book.ch03.retry;

/**
 * One attempt, as a listener sees it: the hook for logs and metrics.
 *
 * @param attempt       1 for the first call, 2 for the first retry ...
 * @param outcome       what became of it
 * @param delayMillis   the wait chosen before the next attempt (0 when there is none)
 * @param elapsedMillis time since the call started, attempts and waits included
 * @param result        what the attempt returned, or {@code null} if it threw
 * @param failure       what it threw, or {@code null}
 * @param note          why the delay or the decision is what it is (e.g. a Retry-After), or {@code null}
 */
public record AttemptEvent(int attempt, Outcome outcome, long delayMillis, long elapsedMillis,
                           Object result, Throwable failure, String note) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("attempt ").append(attempt).append(": ").append(outcome)
                .append(" after ").append(elapsedMillis).append(" ms");
        if (failure != null) {
            sb.append(", failure ").append(failure);
        } else if (result != null) {
            sb.append(", result ").append(result);
        }
        if (outcome == Outcome.RETRYING) {
            sb.append(", next in ").append(delayMillis).append(" ms");
        }
        if (note != null) {
            sb.append(" (").append(note).append(')');
        }
        return sb.toString();
    }
}
