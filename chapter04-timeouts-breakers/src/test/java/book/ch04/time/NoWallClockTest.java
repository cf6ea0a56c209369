package book.ch04.time;

import static org.junit.jupiter.api.Assertions.assertFalse;

import book.ch04.breaker.WallClockScan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deadline, the timeouts, the hops and the small server never read the wall clock: every
 * elapsed time and deadline in them runs on the monotonic {@link Ticker}, so stepping the wall
 * clock back or forth cannot change any of them.
 */
class NoWallClockTest {

    @ParameterizedTest
    @ValueSource(strings = {"time", "timeout", "deadline", "server", "fixture"})
    void noSourceOfThePackageNamesAWallClockApi(String pkg) {
        assertFalse(WallClockScan.readsTheWallClock(pkg), pkg);
    }
}
