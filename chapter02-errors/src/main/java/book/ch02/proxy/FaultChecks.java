package book.ch02.proxy;

import java.time.Duration;
import java.util.Objects;

/** The argument checks the fault records share, so every message names the parameter and its value. */
public final class FaultChecks {

    private FaultChecks() {
    }

    public static void notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
    }

    public static void notNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
    }

    public static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
