package book.ch03.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.retry.FakeClock;
import book.ch03.retry.RetryGate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final FakeClock clock = new FakeClock(0);

    private static int retriesAllowed(RetryBudget budget) {
        int n = 0;
        while (budget.tryRetry()) {
            n++;
        }
        return n;
    }

    @Nested
    class TokenBucket {

        @Test
        void startsFullSoThatAFreshClientCanRetryABlip() {
            assertEquals(10, retriesAllowed(new RetryBudget(0.2, 0, 10, clock)));
        }

        @Test
        void earnsOneRetryPerFiveRequestsAtTwentyPercent() {
            RetryBudget budget = new RetryBudget(0.2, 0, 10, clock);
            retriesAllowed(budget);
            for (int i = 0; i < 50; i++) {
                budget.onRequest();
            }
            assertEquals(10, retriesAllowed(budget));
        }

        @Test
        void earnsTheFloorOverTimeEvenWithoutRequests() {
            RetryBudget budget = new RetryBudget(0.2, 10, 100, clock);
            retriesAllowed(budget);
            clock.advance(500);
            assertEquals(5, retriesAllowed(budget), "10 a second, for half a second");
        }

        @Test
        void aFloorSlowerThanTheCallsStillAddsUpOverTime() {
            long[] nanos = {0};
            RetryBudget budget = new RetryBudget(0, 1, 1, () -> nanos[0]);
            assertEquals(1, retriesAllowed(budget));
            // asked every half millisecond, each time too soon to earn a thousandth of a token:
            // the time must be kept, not spent, or a slow floor never earns anything
            for (int i = 0; i < 1_999; i++) {
                nanos[0] += 500_000;
                assertFalse(budget.tryRetry(), "not yet a whole token at " + nanos[0] + " ns");
            }
            nanos[0] += 500_000;
            assertEquals(1, retriesAllowed(budget), "one retry a second, after a second of half-millisecond calls");
        }

        @Test
        void neverHoldsMoreThanMaxTokensAndIgnoresAClockSteppingBack() {
            RetryBudget budget = new RetryBudget(1, 10, 20, clock);
            for (int i = 0; i < 1_000; i++) {
                budget.onRequest();
            }
            clock.advance(3_600_000);
            assertEquals(20, budget.tokens());
            retriesAllowed(budget);
            clock.advance(-10_000);
            assertFalse(budget.tryRetry());
        }

        @Test
        void rejectsBadSettingsNamingThem() {
            assertEquals("ratio must be between 0 and 10, not -0.1", assertThrows(IllegalArgumentException.class,
                    () -> new RetryBudget(-0.1, 10, 100, clock)).getMessage());
            assertEquals("maxTokens must be between 1 and 1000000, not 0.5", assertThrows(
                    IllegalArgumentException.class, () -> new RetryBudget(0.2, 10, 0.5, clock)).getMessage());
        }
    }

    @Nested
    class StackedLayers {

        @Test
        void threeLayersOfThreeAttemptsHitADeadBackend27TimesPerRequest() throws Exception {
            assertEquals(3.0, Amplification.callsPerRequest(1, 3, c -> RetryGate.UNLIMITED, 1_000, 100));
            assertEquals(27.0, Amplification.callsPerRequest(3, 3, c -> RetryGate.UNLIMITED, 1_000, 100));
        }

        @Test
        void aBudgetAtEachLayerKeepsItUnderTwice() throws Exception {
            double defaults = Amplification.callsPerRequest(3, 3, RetryBudget::defaults, 20_000, 1_000);
            assertTrue(defaults < 2.0, "20% budget: " + defaults);
            double tight = Amplification.callsPerRequest(3, 3, c -> new RetryBudget(0.1, 1, 10, c), 20_000, 1_000);
            assertTrue(tight < 1.4, "10% budget: " + tight);
        }

        @Test
        void aFloorAloneRefillsWithTheSimulatedTime() throws Exception {
            // no ratio, one retry a second, at most one token: 100 requests over 10 simulated seconds
            // get the token they start with plus one a second, 9 more: 110 backend calls
            assertEquals(1.1, Amplification.callsPerRequest(1, 3, c -> new RetryBudget(0, 1, 1, c), 100, 10), 1e-9);
        }
    }
}
