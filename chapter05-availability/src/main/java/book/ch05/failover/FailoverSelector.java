package book.ch05.failover;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Which endpoint to use: the primary while it is up, else the first backup that is up; and back
 * to the primary (failback) only when it has been healthy for {@code riseAfter} consecutive
 * reports AND the client has stayed on the backup for at least {@code minBackupTime}. That
 * hysteresis is what stops flapping: a primary that answers one check in two never reaches
 * {@code riseAfter} in a row, and a primary that recovers briefly between crashes does not drag
 * the traffic back and forth faster than once per {@code minBackupTime}.
 *
 * <p>An endpoint goes down after {@code fallAfter} consecutive failures (a failed health check,
 * a refused connection, a 5xx) and comes up after {@code riseAfter} consecutive successes, as
 * HAProxy's {@code fall}/{@code rise} and Kubernetes' {@code failureThreshold}/{@code successThreshold}.
 * When every endpoint is down it answers the primary: sending somewhere beats sending nowhere.
 *
 * <p>Defaults: fall after {@value #DEFAULT_FALL_AFTER}, rise after {@value #DEFAULT_RISE_AFTER},
 * at least 30 s on the backup. Time is an injected monotonic source ({@code System::nanoTime});
 * the wall clock is never read. Thread-safe (one lock; a report or a choice is a few field reads).
 *
 * <p>Unit "failover-selector" (this file alone).
 *
 * <p>Specified by: FailoverSelectorTest, FailoverOnLoopbackTest
 */
public final class FailoverSelector {

    public static final int DEFAULT_FALL_AFTER = 2;
    public static final int DEFAULT_RISE_AFTER = 3;
    public static final Duration DEFAULT_MIN_BACKUP_TIME = Duration.ofSeconds(30);

    private final int fallAfter;
    private final int riseAfter;
    private final long minBackupNanos;
    private final LongSupplier nanoTime;
    private final boolean[] up;
    private final int[] failures;  // consecutive, per endpoint
    private final int[] successes; // consecutive, per endpoint
    private int current;           // 0 is the primary
    private long leftPrimaryAt;
    private long failovers;
    private long failbacks;

    /** An endpoint 0 (primary) and {@code endpoints - 1} backups, with the defaults. */
    public FailoverSelector(int endpoints, LongSupplier nanoTime) {
        this(endpoints, DEFAULT_FALL_AFTER, DEFAULT_RISE_AFTER, DEFAULT_MIN_BACKUP_TIME, nanoTime);
    }

    /**
     * @param endpoints     primary plus backups, 2..100
     * @param fallAfter     consecutive failures that take an endpoint down, 1..100
     * @param riseAfter     consecutive successes that bring it back, 1..100
     * @param minBackupTime least time on a backup before failing back, 0..1h
     */
    public FailoverSelector(int endpoints, int fallAfter, int riseAfter, Duration minBackupTime, LongSupplier nanoTime) {
        if (endpoints < 2 || endpoints > 100) {
            throw new IllegalArgumentException("endpoints must be 2..100 (a primary and backups), not " + endpoints);
        }
        if (fallAfter < 1 || fallAfter > 100) {
            throw new IllegalArgumentException("fallAfter must be 1..100, not " + fallAfter);
        }
        if (riseAfter < 1 || riseAfter > 100) {
            throw new IllegalArgumentException("riseAfter must be 1..100, not " + riseAfter);
        }
        if (minBackupTime.isNegative() || minBackupTime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("minBackupTime must be 0..1h, not " + minBackupTime);
        }
        this.fallAfter = fallAfter;
        this.riseAfter = riseAfter;
        this.minBackupNanos = minBackupTime.toNanos();
        this.nanoTime = nanoTime;
        this.up = new boolean[endpoints];
        this.failures = new int[endpoints];
        this.successes = new int[endpoints];
        java.util.Arrays.fill(up, true);
    }

    // tag::select[]
    /** The endpoint to send the next request to. */
    public synchronized int current() {
        if (current != 0 && up[0] && nanoTime.getAsLong() - leftPrimaryAt >= minBackupNanos) {
            current = 0; // failback: healthy riseAfter times in a row, and we stayed long enough
            failbacks++;
        } else if (!up[current]) {
            int next = firstUp();
            if (current == 0 && next != 0) {
                leftPrimaryAt = nanoTime.getAsLong();
                failovers++;
            }
            current = next;
        }
        return current;
    }

    public synchronized void recordFailure(int endpoint) {
        successes[endpoint] = 0;
        if (++failures[endpoint] >= fallAfter) {
            failures[endpoint] = fallAfter; // saturate: a long outage must not overflow
            up[endpoint] = false;
        }
    }

    public synchronized void recordSuccess(int endpoint) {
        failures[endpoint] = 0;
        if (++successes[endpoint] >= riseAfter) {
            successes[endpoint] = riseAfter;
            up[endpoint] = true;
        }
    }
    // end::select[]

    /** The first endpoint that is up other than {@code failed}, for moving a request; -1 if none. */
    public synchronized int alternativeTo(int failed) {
        for (int i = 0; i < up.length; i++) {
            if (i != failed && up[i]) {
                return i;
            }
        }
        return -1;
    }

    private int firstUp() {
        for (int i = 0; i < up.length; i++) {
            if (up[i]) {
                return i;
            }
        }
        return 0; // all down: the primary is as good a guess as any
    }

    public synchronized boolean isUp(int endpoint) {
        return up[endpoint];
    }

    /** Times the traffic left the primary. */
    public synchronized long failovers() {
        return failovers;
    }

    /** Times the traffic came back to the primary. */
    public synchronized long failbacks() {
        return failbacks;
    }

    public int endpoints() {
        return up.length;
    }
}
