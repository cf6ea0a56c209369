package book.ch05.health;

/**
 * The verdict of an active health checker on one endpoint: a healthy endpoint goes down after
 * {@code fall} consecutive failed probes, a down one comes back after {@code rise}
 * consecutive passed probes (HAProxy's {@code rise}/{@code fall}, Envoy's
 * {@code healthy_threshold}/{@code unhealthy_threshold}).
 *
 * <p>What it protects against: flapping. One lost probe on a busy network must not take a
 * healthy endpoint out of rotation, and one lucky probe must not put a sick one back; the
 * counts trade detection time (fall × interval) for stability.
 *
 * <p>Defaults: {@link #DEFAULT_RISE} 2 and {@link #DEFAULT_FALL} 3, HAProxy's. A new endpoint
 * starts in the state the caller chooses (HAProxy starts servers up; Envoy, with active
 * checks, waits for the first pass). Thread-safe; probes of one endpoint are normally
 * recorded by one thread.
 *
 * <p>Copyable unit {@code rise-fall} (this file alone).
 * Specified by: RiseFallCounterTest
 */
public final class RiseFallCounter {

    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;
    /** Counts above this would take hours of probes to move; they are a configuration mistake. */
    public static final int MAX_COUNT = 1_000;

    /** What one recorded probe did to the verdict. */
    public enum Change { NONE, WENT_DOWN, WENT_UP }

    private final int rise;
    private final int fall;
    private boolean healthy;
    private int streak; // consecutive probes that disagree with the current verdict

    /**
     * @param rise    consecutive passes that bring a down endpoint up; 1..{@value #MAX_COUNT}
     * @param fall    consecutive failures that take a healthy endpoint down; 1..{@value #MAX_COUNT}
     * @param healthy the verdict before the first probe
     */
    public RiseFallCounter(int rise, int fall, boolean healthy) {
        if (rise < 1 || rise > MAX_COUNT) {
            throw new IllegalArgumentException("rise must be in 1.." + MAX_COUNT + ", not " + rise);
        }
        if (fall < 1 || fall > MAX_COUNT) {
            throw new IllegalArgumentException("fall must be in 1.." + MAX_COUNT + ", not " + fall);
        }
        this.rise = rise;
        this.fall = fall;
        this.healthy = healthy;
    }

    /** HAProxy's defaults, starting healthy. */
    public static RiseFallCounter withDefaults() {
        return new RiseFallCounter(DEFAULT_RISE, DEFAULT_FALL, true);
    }

    // tag::record[]
    /** Records one probe and says whether the verdict changed. */
    public synchronized Change record(boolean passed) {
        if (passed == healthy) {
            streak = 0; // the probe agrees with the verdict: any streak against it is broken
            return Change.NONE;
        }
        streak++;
        if (streak < (healthy ? fall : rise)) {
            return Change.NONE;
        }
        healthy = passed;
        streak = 0;
        return healthy ? Change.WENT_UP : Change.WENT_DOWN;
    }
    // end::record[]

    public synchronized boolean isHealthy() {
        return healthy;
    }

    /** Consecutive probes so far that disagree with the verdict. */
    public synchronized int streak() {
        return streak;
    }

    public int rise() {
        return rise;
    }

    public int fall() {
        return fall;
    }
}
