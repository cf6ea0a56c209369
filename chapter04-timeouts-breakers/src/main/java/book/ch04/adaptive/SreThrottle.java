package book.ch04.adaptive;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Rejects requests locally, with a probability that rises as the backend refuses more of them.
 *
 * Take it with you: client-side adaptive throttling (one file, JDK only).
 *
 * What it does: Google SRE book, "Handling Overload": each client remembers, over a sliding
 * window, how many requests it attempted (requests) and how many the backend accepted
 * (accepts), and rejects a new request locally with probability
 *     max(0, (requests - K * accepts) / (requests + 1)).
 * While the backend accepts everything, requests <= K * accepts and nothing is rejected; when
 * it starts refusing, the client sheds its own excess before it costs the backend anything.
 * Locally rejected requests count as requests (that is what lets the probability rise).
 * "Accepted" = the backend answered and did not push back: count 2xx, 3xx, 4xx other than
 * 429 (and even a 500); do not count 429, 503, timeouts, refused or reset connections.
 * Defaults: K = 2 (the SRE book's value), a window of 2 minutes in 60 buckets of 2 s.
 * Limits: K in [1, 10]; window 1s..1h; buckets 1..3600. Thread-safe (one lock per call).
 * Time is a monotonic nanosecond source; randomness is injected (a DoubleSupplier in [0, 1)).
 * Specified by: SreThrottleTest, SreThrottleLoopbackTest.
 */
public final class SreThrottle {

    public static final double DEFAULT_K = 2.0;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);
    public static final int DEFAULT_BUCKETS = 60;

    private final double k;
    private final long bucketNanos;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final long[] requests;
    private final long[] accepts;
    private final long origin;
    private long currentBucket;        // index (since origin) of the newest bucket in use
    private long requestSum;
    private long acceptSum;

    public SreThrottle(double k, Duration window, int buckets, LongSupplier nanoTime, DoubleSupplier random) {
        if (!(k >= 1 && k <= 10)) {
            throw new IllegalArgumentException("k must be in [1, 10], not " + k);
        }
        if (buckets < 1 || buckets > 3600) {
            throw new IllegalArgumentException("buckets must be in 1..3600, not " + buckets);
        }
        if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("window must be in 1s..1h, not " + window);
        }
        if (nanoTime == null || random == null) {
            throw new IllegalArgumentException("nanoTime and random must not be null");
        }
        this.k = k;
        this.bucketNanos = window.toNanos() / buckets;
        this.nanoTime = nanoTime;
        this.random = random;
        this.requests = new long[buckets];
        this.accepts = new long[buckets];
        this.origin = nanoTime.getAsLong();
    }

    /** K 2, a 2-minute window in 2 s buckets, System.nanoTime, a thread-safe random source. */
    public static SreThrottle ofDefaults() {
        return new SreThrottle(DEFAULT_K, DEFAULT_WINDOW, DEFAULT_BUCKETS, System::nanoTime,
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    // tag::allow[]
    /** Counts a request and says whether to send it (true) or reject it locally (false). */
    public synchronized boolean allow() {
        int i = slide();
        double p = rejectProbability();
        requests[i]++;
        requestSum++;
        return p <= 0 || random.getAsDouble() >= p;
    }

    /** The backend accepted a request that {@link #allow()} let through. */
    public synchronized void onAccepted() {
        int i = slide();
        accepts[i]++;
        acceptSum++;
    }

    /** max(0, (requests - K * accepts) / (requests + 1)) over the window. */
    public synchronized double rejectProbability() {
        slide();
        return Math.max(0, (requestSum - k * acceptSum) / (requestSum + 1));
    }
    // end::allow[]

    public synchronized long requests() {
        slide();
        return requestSum;
    }

    public synchronized long accepts() {
        slide();
        return acceptSum;
    }

    /** Empties the buckets that left the window since the last call; returns the current one. */
    private int slide() {
        long bucket = (nanoTime.getAsLong() - origin) / bucketNanos;
        int n = requests.length;
        long stale = Math.min(n, bucket - currentBucket);   // > n after a long idle: clear all, no more
        for (long b = 1; b <= stale; b++) {
            int j = (int) ((currentBucket + b) % n);
            requestSum -= requests[j];
            acceptSum -= accepts[j];
            requests[j] = 0;
            accepts[j] = 0;
        }
        if (bucket > currentBucket) {
            currentBucket = bucket;
        }
        return (int) (currentBucket % n);
    }
}
