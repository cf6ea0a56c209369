package book.ch05.detect;

import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A recorded heartbeat stream: the arrival times of every beat of a peer that lived through
 * jitter, a stretch of congestion, GC-like pauses, and then died after its last beat.
 * Generated from a seeded random generator, so the same seed gives the same trace.
 *
 * <p>What it is for: comparing failure detectors on the same history, as one would on beats
 * recorded in production. The shape of the trace, per {@link Scenario}: beats every
 * {@code interval} with normally distributed jitter; in the middle fifth of the trace a
 * congested period with four times the jitter and one beat in fifty lost (a UDP beat that
 * never arrives); two stop-the-world pauses (of half and of the full {@code pause}) at a
 * third and at two thirds of the trace, during which nothing is sent and after which the
 * beats resume; and the death right after the last beat.
 *
 * @param arrivalsNanos when each beat arrived, increasing, from 0
 * @param scenario      what generated it
 */
public record HeartbeatTrace(long[] arrivalsNanos, Scenario scenario) {

    /**
     * @param interval the sender's interval; 10 ms..10 s
     * @param jitter   the standard deviation of the arrival jitter; 0..interval
     * @param pause    the longer GC-like pause; 0..1 min
     * @param beats    how many beats the peer sent before dying; 100..100,000 (a replay of 100,000
     *                 beats through the 24 settings of {@code detectors} takes up to half a minute)
     * @param seed     the random generator's seed
     */
    public record Scenario(Duration interval, Duration jitter, Duration pause, int beats, long seed) {

        public static final Scenario DEFAULT = new Scenario(Duration.ofMillis(100), Duration.ofMillis(10),
                Duration.ofMillis(800), 6_000, 1);

        public Scenario {
            if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0
                    || interval.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("interval must be in 10ms..10s, not " + interval);
            }
            if (jitter == null || jitter.isNegative() || jitter.compareTo(interval) > 0) {
                throw new IllegalArgumentException("jitter must be in 0..interval (" + interval + "), not " + jitter);
            }
            if (pause == null || pause.isNegative() || pause.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("pause must be in 0..1m, not " + pause);
            }
            if (beats < 100 || beats > 100_000) {
                throw new IllegalArgumentException("beats must be in 100..100000, not " + beats);
            }
        }

        public boolean congested(int beat) {
            return beat >= beats * 2 / 5 && beat < beats * 3 / 5;
        }
    }

    /** One in this many beats is lost while congested. */
    static final int CONGESTED_LOSS_ONE_IN = 50;
    /** How much larger the jitter is while congested. */
    static final int CONGESTED_JITTER_FACTOR = 4;

    public static HeartbeatTrace generate(Scenario s, RandomGenerator random) {
        long interval = s.interval().toNanos();
        long jitter = s.jitter().toNanos();
        long[] arrivals = new long[s.beats()];
        int shortPauseAt = s.beats() / 3;
        int longPauseAt = s.beats() * 2 / 3;
        long sent = 0; // when the sender sent the current beat
        int arrived = 0;
        long lastArrival = -1;
        for (int beat = 0; beat < s.beats(); beat++) {
            if (beat == shortPauseAt) {
                sent += s.pause().toNanos() / 2;
            } else if (beat == longPauseAt) {
                sent += s.pause().toNanos();
            }
            boolean congested = s.congested(beat);
            long sd = congested ? jitter * CONGESTED_JITTER_FACTOR : jitter;
            // one-way delay |normal(0, sd)|; arrivals kept in order (a beat may bunch up behind the previous one)
            long arrival = Math.max(lastArrival + 1, sent + Math.abs((long) (random.nextGaussian() * sd)));
            boolean lost = congested && random.nextInt(CONGESTED_LOSS_ONE_IN) == 0; // never the last beat: not congested
            if (!lost) {
                arrivals[arrived++] = arrival;
                lastArrival = arrival;
            }
            sent += interval;
        }
        return new HeartbeatTrace(Arrays.copyOf(arrivals, arrived), s);
    }

    /** When the peer died: its last beat's arrival (it would have sent the next one an interval later). */
    public long deathNanos() {
        return arrivalsNanos[arrivalsNanos.length - 1];
    }

    public int size() {
        return arrivalsNanos.length;
    }
}
