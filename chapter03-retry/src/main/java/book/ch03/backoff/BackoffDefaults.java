package book.ch03.backoff;

/**
 * The backoff the chapter ships by default, and why.
 *
 * <ul>
 *   <li>Full jitter: in the herd simulation it needs the fewest calls and spreads a
 *       synchronized fleet the most; gRPC and the AWS SDKs draw their delays the same way.</li>
 *   <li>Base 200 ms: long enough that a server restarting or failing over is not hammered
 *       (the mean first retry comes after 100 ms), short enough that an interactive request
 *       still finishes in about a second when a retry works.</li>
 *   <li>Cap 30 s: beyond it a client is not retrying a blip but waiting out an outage, and
 *       should stop and report.</li>
 * </ul>
 */
public final class BackoffDefaults {

    /** The first exponential step. */
    public static final long BASE_MILLIS = 200;
    /** No single delay is longer than this. */
    public static final long CAP_MILLIS = 30_000;

    private BackoffDefaults() {
    }

    /** Full jitter over 200 ms, 400 ms, 800 ms ... capped at 30 s. */
    public static Backoff backoff() {
        return new FullJitterBackoff(BASE_MILLIS, CAP_MILLIS);
    }
}
