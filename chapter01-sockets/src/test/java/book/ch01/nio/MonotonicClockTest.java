package book.ch01.nio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Idle timeouts are measured on a clock that cannot step back or jump with the wall clock. */
class MonotonicClockTest {

    @Test
    void neverGoesBackwards() {
        Instant previous = MonotonicClock.INSTANCE.instant();
        for (int i = 0; i < 10_000; i++) {
            Instant now = MonotonicClock.INSTANCE.instant();
            assertFalse(now.isBefore(previous), now + " came after " + previous);
            previous = now;
        }
    }

    @Test
    void isTheServersDefaultClock() {
        assertSame(MonotonicClock.INSTANCE, NioEchoConfig.defaults().clock());
    }
}
