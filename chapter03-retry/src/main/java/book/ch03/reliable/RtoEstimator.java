package book.ch03.reliable;

import java.time.Duration;

/**
 * The retransmission timeout of RFC 6298: a smoothed round-trip time (SRTT) and its mean
 * deviation (RTTVAR), updated from each valid sample with alpha = 1/8 and beta = 1/4, give
 * RTO = SRTT + max(G, 4 * RTTVAR), clamped to [min, max]. On a timeout the RTO doubles
 * (exponential backoff) until a fresh sample recomputes it. Feeding it samples from
 * retransmitted segments is the caller's mistake to avoid (Karn's rule): such a sample cannot
 * say which transmission the acknowledgement answers.
 *
 * <p>Arithmetic is in whole nanoseconds, truncated: for the millisecond samples of the tests it
 * is exact.
 */
public final class RtoEstimator {

    /**
     * @param initial     the RTO before any sample (RFC: 1 s)
     * @param min         the floor (RFC: 1 s; far too slow for loopback, where RTTs are microseconds)
     * @param max         the ceiling (RFC: at least 60 s)
     * @param granularity the clock granularity G, the least variance term
     */
    public record Config(Duration initial, Duration min, Duration max, Duration granularity) {
        public Config {
            if (min.isNegative() || min.compareTo(max) > 0) {
                throw new IllegalArgumentException("min " + min + " must be between 0 and max " + max);
            }
            if (initial.compareTo(min) < 0 || initial.compareTo(max) > 0) {
                throw new IllegalArgumentException("initial " + initial + " must be between min " + min + " and max " + max);
            }
            if (granularity.isNegative() || granularity.isZero()) {
                throw new IllegalArgumentException("granularity must be positive, not " + granularity);
            }
        }
    }

    /** The RFC's numbers, for a real network path. */
    public static final Config RFC_6298 = new Config(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofMillis(1));
    /**
     * For this chapter's loopback relay: a 1 s floor would turn every lost datagram into a
     * one-second stall on a path whose round trip is well under a millisecond; 20 ms still
     * stays above the scheduling hiccups of a loaded two-core machine, so timeouts are rarely spurious.
     */
    public static final Config LOOPBACK = new Config(Duration.ofMillis(100), Duration.ofMillis(20),
            Duration.ofSeconds(1), Duration.ofMillis(1));

    private final long min;
    private final long max;
    private final long granularity;
    private long srtt = -1; // no sample yet
    private long rttvar;
    private long rto;

    public RtoEstimator(Config config) {
        this.min = config.min().toNanos();
        this.max = config.max().toNanos();
        this.granularity = config.granularity().toNanos();
        this.rto = config.initial().toNanos();
    }

    // tag::sample[]
    /** Takes a round-trip sample of a segment that was transmitted exactly once. */
    public void sample(Duration rtt) {
        long r = rtt.toNanos();
        if (srtt < 0) {                      // RFC 6298 (2.2): the first measurement
            srtt = r;
            rttvar = r / 2;
        } else {                             // (2.3): RTTVAR first, from the old SRTT
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = clamp(srtt + Math.max(granularity, 4 * rttvar));
    }

    /** A retransmission timer expired: double the RTO (5.5), up to the ceiling. */
    public void backoff() {
        rto = clamp(rto > max / 2 ? max : 2 * rto);
    }
    // end::sample[]

    private long clamp(long nanos) {
        return Math.min(max, Math.max(min, nanos));
    }

    public Duration rto() {
        return Duration.ofNanos(rto);
    }

    /** The smoothed RTT, or null before the first sample. */
    public Duration srtt() {
        return srtt < 0 ? null : Duration.ofNanos(srtt);
    }

    public Duration rttvar() {
        return Duration.ofNanos(rttvar);
    }
}
