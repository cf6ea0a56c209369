package book.ch05.hedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    @Test
    void answersMinusOneUntilItHasTheMinimumNumberOfSamples() {
        LatencyWindow w = new LatencyWindow(0.95, 100, 1, 20);
        for (int i = 1; i < 20; i++) {
            w.record(i);
            assertEquals(-1, w.quantileNanos(), "after " + i);
        }
        w.record(20);
        assertEquals(19, w.quantileNanos(), "nearest rank: ceil(0.95 x 20) = 19th of 1..20");
    }

    @Test
    void theNinetyFifthPercentileOfOneToAHundredIsNinetyFive() {
        LatencyWindow w = new LatencyWindow(0.95, 100, 100, 1);
        for (int i = 100; i >= 1; i--) {
            w.record(i);
        }
        assertEquals(95, w.quantileNanos());
        assertEquals(100, w.size());
    }

    @Test
    void refreshesOnlyEveryNSamples() {
        LatencyWindow w = new LatencyWindow(0.5, 10, 10, 1);
        for (int i = 0; i < 9; i++) {
            w.record(7);
        }
        assertEquals(-1, w.quantileNanos());
        w.record(7);
        assertEquals(7, w.quantileNanos());
        for (int i = 0; i < 9; i++) {
            w.record(1000);
        }
        assertEquals(7, w.quantileNanos(), "9 of the 10 held are 1000, but no refresh yet");
        w.record(1000);
        assertEquals(1000, w.quantileNanos());
    }

    @Test
    void forgetsSamplesOlderThanItsCapacity() {
        LatencyWindow w = new LatencyWindow(0.5, 10, 10, 10);
        for (int i = 0; i < 10; i++) {
            w.record(1_000_000);
        }
        assertEquals(1_000_000, w.quantileNanos());
        for (int i = 0; i < 10; i++) {
            w.record(5);
        }
        assertEquals(5, w.quantileNanos(), "the slow past has left the window");
        assertEquals(10, w.size());
    }

    @Test
    void aNegativeLatencyCountsAsZero() {
        LatencyWindow w = new LatencyWindow(0.5, 10, 1, 1);
        w.record(-5);
        assertEquals(0, w.quantileNanos());
    }

    @Test
    void refusesBadSettingsNamingThem() {
        assertEquals("quantile must be between 0 and 1 (exclusive), not 1.0",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(1)).getMessage());
        assertEquals("quantile must be between 0 and 1 (exclusive), not 0.0",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0)).getMessage());
        assertEquals("quantile must be between 0 and 1 (exclusive), not NaN",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(Double.NaN)).getMessage());
        assertEquals("capacity must be 1..1000000, not 0",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0.5, 0, 1, 1)).getMessage());
        assertEquals("capacity must be 1..1000000, not 1000001",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0.5, 1_000_001, 1, 1)).getMessage());
        assertEquals("refreshEvery must be 1..10, not 11",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0.5, 10, 11, 1)).getMessage());
        assertEquals("refreshEvery must be 1..10, not 0",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0.5, 10, 0, 1)).getMessage());
        assertEquals("minSamples must be 1..10, not 0",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0.5, 10, 1, 0)).getMessage());
        assertEquals("minSamples must be 1..10, not 11",
                assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0.5, 10, 1, 11)).getMessage());
        new LatencyWindow(0.5, 1_000_000, 1_000_000, 1_000_000);
        new LatencyWindow(0.5, 1, 1, 1);
    }
}
