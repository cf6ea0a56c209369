package book.ch05.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.health.RiseFallCounter.Change;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RiseFallCounterTest {

    private static List<Change> feed(RiseFallCounter c, String probes) {
        List<Change> changes = new ArrayList<>();
        for (char p : probes.toCharArray()) {
            changes.add(c.record(p == '+'));
        }
        return changes;
    }

    @Nested
    class Falling {
        @Test
        void aHealthyEndpointGoesDownOnExactlyTheFallthConsecutiveFailure() {
            RiseFallCounter c = new RiseFallCounter(2, 3, true);
            assertEquals(List.of(Change.NONE, Change.NONE), feed(c, "--"));
            assertTrue(c.isHealthy());
            assertEquals(2, c.streak());
            assertEquals(Change.WENT_DOWN, c.record(false));
            assertFalse(c.isHealthy());
            assertEquals(0, c.streak());
        }

        @Test
        void onePassBetweenFailuresStartsTheCountAgain() {
            RiseFallCounter c = new RiseFallCounter(2, 3, true);
            feed(c, "--+--");
            assertTrue(c.isHealthy());
            assertEquals(Change.WENT_DOWN, c.record(false));
        }

        @Test
        void furtherFailuresOfADownEndpointChangeNothing() {
            RiseFallCounter c = new RiseFallCounter(2, 1, true);
            assertEquals(List.of(Change.WENT_DOWN, Change.NONE, Change.NONE), feed(c, "---"));
            assertEquals(0, c.streak());
        }
    }

    @Nested
    class Rising {
        @Test
        void aDownEndpointComesBackOnExactlyTheRisethConsecutivePass() {
            RiseFallCounter c = new RiseFallCounter(2, 3, false);
            assertEquals(Change.NONE, c.record(true));
            assertFalse(c.isHealthy());
            assertEquals(1, c.streak());
            assertEquals(Change.WENT_UP, c.record(true));
            assertTrue(c.isHealthy());
            assertEquals(0, c.streak());
        }

        @Test
        void oneFailureBetweenPassesStartsTheCountAgain() {
            RiseFallCounter c = new RiseFallCounter(2, 3, false);
            assertEquals(List.of(Change.NONE, Change.NONE, Change.NONE, Change.WENT_UP), feed(c, "+-++"));
        }

        @Test
        void riseAndFallAreCountedSeparately() {
            RiseFallCounter c = new RiseFallCounter(4, 1, true);
            assertEquals(List.of(Change.WENT_DOWN, Change.NONE, Change.NONE, Change.NONE, Change.WENT_UP),
                    feed(c, "-++++"));
        }

        @Test
        void aFlappingEndpointNeverComesBackWithRiseTwo() {
            RiseFallCounter c = new RiseFallCounter(2, 1, false);
            feed(c, "+-+-+-+-+-");
            assertFalse(c.isHealthy());
        }
    }

    @Nested
    class Configuration {
        @Test
        void defaultsAreHAProxysRiseTwoFallThreeStartingHealthy() {
            RiseFallCounter c = RiseFallCounter.withDefaults();
            assertEquals(2, c.rise());
            assertEquals(3, c.fall());
            assertTrue(c.isHealthy());
            assertEquals(0, c.streak());
        }

        @Test
        void refusesCountsOutsideOneToAThousandNamingThem() {
            assertEquals("rise must be in 1..1000, not 0",
                    assertThrows(IllegalArgumentException.class, () -> new RiseFallCounter(0, 3, true)).getMessage());
            assertEquals("rise must be in 1..1000, not 1001",
                    assertThrows(IllegalArgumentException.class, () -> new RiseFallCounter(1001, 3, true)).getMessage());
            assertEquals("fall must be in 1..1000, not 0",
                    assertThrows(IllegalArgumentException.class, () -> new RiseFallCounter(2, 0, true)).getMessage());
            assertEquals("fall must be in 1..1000, not 1001",
                    assertThrows(IllegalArgumentException.class, () -> new RiseFallCounter(2, 1001, true)).getMessage());
        }

        @Test
        void acceptsTheEdges() {
            RiseFallCounter one = new RiseFallCounter(1, 1, true);
            assertEquals(List.of(Change.WENT_DOWN, Change.WENT_UP), feed(one, "-+"));
            RiseFallCounter most = new RiseFallCounter(1000, 1000, true);
            feed(most, "-".repeat(999));
            assertTrue(most.isHealthy());
            assertEquals(Change.WENT_DOWN, most.record(false));
        }
    }
}
