package book.ch04.deadline;

/**
 * Carries the time left of a deadline to the next hop in a header, in the format of gRPC's
 * {@code grpc-timeout}: one to eight ASCII digits and a unit, {@code H} hours, {@code M} minutes,
 * {@code S} seconds, {@code m} milliseconds, {@code u} microseconds, {@code n} nanoseconds
 * ({@code "250m"}, {@code "1999999u"}). A relative time, not a wall-clock instant, so the two
 * machines' clocks need not agree; the time the request spends on the wire is the only error,
 * and it makes the receiver's deadline slightly later than the sender's.
 *
 * <p>The encoder picks the finest unit that fits in eight digits and rounds down, so a hop is
 * never promised more time than the sender had. The decoder is strict (anything else is
 * refused with a message naming the value) and saturates values too large for a {@code long}
 * of nanoseconds. Header name: {@value #NAME}. Part of the copyable unit "deadline".
 *
 * <p>Specified by: TimeoutHeaderTest, DeadlineAcrossHopsTest
 */
public final class TimeoutHeader {

    /** The header's name on the chapter's HTTP/1.1 hops (gRPC itself uses {@code grpc-timeout}). */
    public static final String NAME = "Request-Timeout";
    /** gRPC's limit: at most eight digits. */
    static final long MAX_VALUE = 99_999_999L;

    private static final char[] UNITS = {'n', 'u', 'm', 'S', 'M', 'H'};
    private static final long[] NANOS_PER_UNIT = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};

    private TimeoutHeader() {
    }

    // tag::encode[]
    /** The header value for {@code nanos} of time left (> 0), rounded down to the finest unit that fits. */
    public static String encode(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("no time left to send: " + nanos + " ns");
        }
        int unit = 0;
        while (nanos / NANOS_PER_UNIT[unit] > MAX_VALUE) {
            unit++; // ends at hours at the latest: a long of nanoseconds is at most 2562047 hours
        }
        return nanos / NANOS_PER_UNIT[unit] + String.valueOf(UNITS[unit]);
    }
    // end::encode[]

    /** The nanoseconds a header value grants; saturates at {@link Long#MAX_VALUE}. */
    public static long decode(String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            throw new IllegalArgumentException("bad " + NAME + " '" + value + "': want 1-8 digits and a unit of H M S m u n");
        }
        char unit = value.charAt(value.length() - 1);
        int index = new String(UNITS).indexOf(unit);
        if (index < 0) {
            throw new IllegalArgumentException("bad " + NAME + " '" + value + "': unit '" + unit + "' is not one of H M S m u n");
        }
        long amount = 0;
        for (int i = 0; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad " + NAME + " '" + value + "': '" + c + "' is not a digit");
            }
            amount = amount * 10 + (c - '0');
        }
        long perUnit = NANOS_PER_UNIT[index];
        return amount > Long.MAX_VALUE / perUnit ? Long.MAX_VALUE : amount * perUnit;
    }
}
