/*
 * Copyable unit "fallback": what a call with a fallback returns, saying where the value came from.
 * Specified by: FallbackTest.
 */
package book.ch04.fallback;

import java.time.Duration;
import java.util.Objects;

/**
 * A value and where it came from. A fallback that returns a bare value lies: the caller (and
 * the user) can't tell yesterday's price from today's. This one says LIVE, or which fallback
 * answered, how old the value is, and why the live call did not answer.
 *
 * @param value   the value
 * @param source  where it came from
 * @param age     how long ago the value was live (zero for LIVE; for DEFAULT and DEGRADED, zero too:
 *                they were never live)
 * @param reason  why the live call did not answer ({@code ""} for LIVE)
 * @param <T>     the value's type
 */
public record Answer<T>(T value, Source source, Duration age, String reason) {

    public enum Source {
        /** The live call answered. */
        LIVE,
        /** The last value the live call gave, younger than the fallback's maximum age. */
        LAST_GOOD,
        /** An answer made without the dependency that says it is partial ("prices may be out of date"). */
        DEGRADED,
        /** A fixed value chosen in advance (an empty list, "unknown"). */
        DEFAULT
    }

    public Answer {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(reason, "reason");
    }

    static <T> Answer<T> live(T value) {
        return new Answer<>(value, Source.LIVE, Duration.ZERO, "");
    }

    /** Whether this is anything but the live answer: the caller should show it as such. */
    public boolean isFallback() {
        return source != Source.LIVE;
    }

    /** One line for a log or a response header: "LAST_GOOD, 12.5 s old, because: ...". */
    public String describe() {
        return switch (source) {
            case LIVE -> "LIVE";
            case LAST_GOOD -> "LAST_GOOD, " + age.toMillis() / 1000.0 + " s old, because: " + reason;
            case DEGRADED, DEFAULT -> source + ", because: " + reason;
        };
    }
}
