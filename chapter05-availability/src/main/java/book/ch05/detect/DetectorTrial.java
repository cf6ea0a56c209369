package book.ch05.detect;

import book.ch05.time.Ticker;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Replays a {@link HeartbeatTrace} through a failure detector on a simulated clock and
 * measures both of its mistakes: suspecting the peer while it lives (false suspicions, and
 * how long they lasted), and how long it takes to suspect it once dead.
 *
 * <p>How, exactly and cheaply: between two beats a detector's suspicion only grows, so the
 * peer was wrongly suspected in a gap if and only if it is suspected just before the next
 * beat arrives, and the moment the suspicion started is found by bisection. The detection
 * time is measured at many points of the same replay: just after beat k, the detector's
 * state is exactly what it would be had the peer died right then, so bisection gives the
 * time it would have taken to notice (one sample every {@link #DEATH_SAMPLE_EVERY} beats,
 * after the first {@link #WARM_UP} beats, plus the real death at the end).
 */
public final class DetectorTrial {

    /** Beats before the first hypothetical death: the detector's window needs filling. */
    static final int WARM_UP = 200;
    static final int DEATH_SAMPLE_EVERY = 50;
    /** A detector that has not suspected a dead peer after an hour never will, for this purpose. */
    static final long GIVE_UP_NANOS = 3_600_000_000_000L;

    /**
     * @param falseSuspicions    gaps in which the living peer was suspected
     * @param wronglySuspectedNanos the total time it was wrongly suspected
     * @param detectionNanos     the sorted detection times of the hypothetical deaths and the real one
     */
    public record Result(int falseSuspicions, long wronglySuspectedNanos, long[] detectionNanos) {

        public double meanDetectionMillis() {
            return Arrays.stream(detectionNanos).average().orElse(Double.NaN) / 1e6;
        }

        /** The nearest-rank percentile, p in (0, 100]. */
        public double detectionMillisAt(double p) {
            int rank = (int) Math.ceil(p / 100 * detectionNanos.length);
            return detectionNanos[Math.max(0, rank - 1)] / 1e6;
        }
    }

    /** A clock that the replay sets; the detector reads it. */
    private static final class ReplayTicker implements Ticker {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    private DetectorTrial() {
    }

    // tag::replay[]
    public static Result run(HeartbeatTrace trace, Function<Ticker, FailureDetector> newDetector) {
        ReplayTicker clock = new ReplayTicker();
        FailureDetector detector = newDetector.apply(clock);
        long[] arrivals = trace.arrivalsNanos();
        int falseSuspicions = 0;
        long wronglySuspected = 0;
        int lastGapStart = arrivals.length - 2; // hypothetical deaths are sampled after beats 0..n-2
        int sampled = lastGapStart >= WARM_UP ? (lastGapStart - WARM_UP) / DEATH_SAMPLE_EVERY + 1 : 0;
        long[] detections = new long[sampled + 1]; // and the real death
        int deaths = 0;
        for (int i = 0; i < arrivals.length; i++) {
            clock.now = arrivals[i];
            detector.heartbeat();
            if (i == arrivals.length - 1) {
                detections[deaths++] = suspectedAfter(detector, clock, arrivals[i], GIVE_UP_NANOS);
                break; // the real death
            }
            if (i >= WARM_UP && (i - WARM_UP) % DEATH_SAMPLE_EVERY == 0) {
                detections[deaths++] = suspectedAfter(detector, clock, arrivals[i], GIVE_UP_NANOS);
            }
            long gap = arrivals[i + 1] - arrivals[i];
            clock.now = arrivals[i + 1] - 1; // just before the next beat: the most suspicious moment
            if (!detector.isAvailable()) {
                falseSuspicions++;
                wronglySuspected += gap - suspectedAfter(detector, clock, arrivals[i], gap);
            }
        }
        Arrays.sort(detections);
        return new Result(falseSuspicions, wronglySuspected, detections);
    }
    // end::replay[]

    /** The least silence after {@code lastBeat}, up to {@code limit}, at which the detector suspects. */
    static long suspectedAfter(FailureDetector detector, ReplayTicker clock, long lastBeat, long limit) {
        long lo = 0;          // not suspected (or not known to be)
        long hi = limit;      // suspected, or the limit
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            clock.now = lastBeat + mid;
            if (detector.isAvailable()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
