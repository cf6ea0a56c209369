package book.ch03.backoff;

/**
 * The capped exponential ladder that the jittered strategies build on:
 * {@code min(cap, base * 2^(attempt-1))}, computed without overflow for any attempt.
 */
public final class Exponential {

    private Exponential() {
    }

    // tag::capped[]
    /**
     * base * 2^(attempt-1), at most cap. A plain {@code base << (attempt - 1)} goes wrong
     * twice: Java masks the shift distance to 6 bits, so attempt 65 shifts by 0, and bits
     * shifted past 63 turn the delay negative or zero.
     */
    public static long capped(long baseMillis, long capMillis, int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, not " + attempt);
        }
        int shift = attempt - 1;
        if (shift >= 63 || baseMillis > (capMillis >> shift)) {
            return capMillis; // base * 2^shift would pass the cap (or overflow): the cap it is
        }
        return Math.min(capMillis, baseMillis << shift);
    }
    // end::capped[]

    /** Checks a base and cap pair, naming the parameter and the bad value. */
    static void check(long baseMillis, long capMillis) {
        if (baseMillis <= 0) {
            throw new IllegalArgumentException("baseMillis must be positive, not " + baseMillis);
        }
        if (capMillis < baseMillis) {
            throw new IllegalArgumentException("capMillis must be at least baseMillis (" + baseMillis
                    + "), not " + capMillis);
        }
        if (capMillis > MAX_CAP_MILLIS) {
            throw new IllegalArgumentException("capMillis must be at most " + MAX_CAP_MILLIS
                    + " (one day), not " + capMillis);
        }
    }

    /** A cap beyond a day is a unit mistake, not a policy. */
    public static final long MAX_CAP_MILLIS = 86_400_000L;
}
