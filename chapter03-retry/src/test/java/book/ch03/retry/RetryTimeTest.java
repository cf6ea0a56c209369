package book.ch03.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.backoff.Backoff;
import book.ch03.backoff.FixedBackoff;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue #8 section 2: the retry window and the caller's deadline run on a monotonic ticker, bound
 * the attempts (not only the waits), hand each attempt the time left, and never overflow.
 */
class RetryTimeTest {

    private final FakeClock clock = new FakeClock(1_000_000);
    private final List<AttemptEvent> events = new ArrayList<>();

    private <T> Retry<T> retry(RetryPolicy<T> policy) {
        return Retry.of(policy, clock, clock.sleeper(), new SplittableRandom(1), events::add, RetryGate.UNLIMITED);
    }

    private static RetryPolicy<String> refusedFor(int attempts, long backoffMillis, Duration maxDuration) {
        return RetryPolicy.<String>builder().maxAttempts(attempts).backoff(new FixedBackoff(backoffMillis))
                .maxDuration(maxDuration).build();
    }

    @Nested
    class WallClockSteps {

        /** The first edition measured on InstantSource.system(): a step back of an hour allowed 99 retries. */
        @Test
        void aWallClockSteppedBackAnHourChangesNothing() {
            RetryPolicy<String> policy = refusedFor(100, 1_000, Duration.ofSeconds(5));
            AtomicInteger calls = new AtomicInteger();
            assertThrows(ConnectException.class, () -> retry(policy).call(() -> {
                if (calls.incrementAndGet() == 2) {
                    clock.stepWall(-3_600_000);
                }
                throw new ConnectException("Connection refused");
            }));
            assertEquals(5, calls.get(), "first failure, then 4 one-second waits in the 5 s window");
            assertEquals(List.of(1_000L, 1_000L, 1_000L, 1_000L), clock.sleeps());
            assertEquals(Outcome.DEADLINE_REACHED, events.getLast().outcome());
        }

        @Test
        void aWallClockSteppedForwardChangesNothingEither() {
            RetryPolicy<String> policy = refusedFor(100, 1_000, Duration.ofSeconds(5));
            AtomicInteger calls = new AtomicInteger();
            assertThrows(ConnectException.class, () -> retry(policy).call(() -> {
                clock.stepWall(3_600_000);
                calls.incrementAndGet();
                throw new ConnectException("Connection refused");
            }));
            assertEquals(5, calls.get());
        }
    }

    @Nested
    class DeadlinesBoundAttempts {

        /**
         * "Retrying stops 10 s after the first failure", literally: attempts of 2 s that bound
         * themselves by the deadline they are handed, 1 s waits; none starts without time left and
         * the last one ends by 10 s after the first failure.
         */
        @Test
        void retryingStopsTenSecondsAfterTheFirstFailureWithAttemptsThatTakeTime() {
            RetryPolicy<String> policy = refusedFor(100, 1_000, RetryPolicy.DEFAULT_MAX_DURATION);
            List<Long> handed = new ArrayList<>();
            long[] firstFailureAt = {-1};
            assertThrows(ConnectException.class, () -> retry(policy).callWithin(Deadline.none(), left -> {
                long remaining = left.remainingNanos();
                handed.add(remaining == Long.MAX_VALUE ? -1 : remaining / 1_000_000);
                assertTrue(remaining > 0, "an attempt started without time left");
                clock.advance(Math.min(2_000, remaining / 1_000_000)); // the attempt's own timeout
                if (firstFailureAt[0] < 0) {
                    firstFailureAt[0] = clock.nanoTime() / 1_000_000;
                }
                throw new ConnectException("Connection refused");
            }));
            long end = clock.nanoTime() / 1_000_000;
            assertTrue(end - firstFailureAt[0] <= 10_000, "ended after the window: " + (end - firstFailureAt[0]));
            assertEquals(9_000, end - firstFailureAt[0], "then a 1 s wait would have left nothing of the window");
            // first attempt unbounded; then 9000, 6000, 3000 ms left after each 1 s wait
            assertEquals(List.of(-1L, 9_000L, 6_000L, 3_000L), handed);
        }

        @Test
        void theAttemptIsHandedTheEarlierOfTheCallersDeadlineAndTheWindow() throws Exception {
            Deadline caller = Deadline.after(Duration.ofMillis(5_000), clock);
            List<Long> handed = new ArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            String result = retry(RetryPolicy.<String>builder().backoff(new FixedBackoff(100))
                    .retryOnResult(r -> r.equals("busy")).build()).callWithin(caller, left -> {
                        handed.add(left.remaining().toMillis());
                        clock.advance(2_000);
                        return calls.incrementAndGet() < 3 ? "busy" : "done";
                    });
            assertEquals("done", result);
            assertEquals(List.of(5_000L, 2_900L, 800L), handed);
        }

        @Test
        void aDeadlineAlreadyPassedStartsNoAttempt() {
            Deadline caller = Deadline.after(Duration.ofMillis(10), clock);
            clock.advance(10);
            AtomicInteger calls = new AtomicInteger();
            TimeoutException e = assertThrows(TimeoutException.class,
                    () -> retry(refusedFor(3, 1, Duration.ofSeconds(1))).callWithin(caller, left -> {
                        calls.incrementAndGet();
                        return "x";
                    }));
            assertEquals(0, calls.get());
            assertEquals("the caller's deadline passed before the first attempt", e.getMessage());
        }

        @Test
        void aSleeperThatOversleepsThePastDeadlineStartsNoFurtherAttempt() {
            RetryPolicy<String> policy = refusedFor(10, 1_000, Duration.ofMillis(1_500));
            AtomicInteger calls = new AtomicInteger();
            Retry<String> late = Retry.of(policy, clock, ms -> clock.advance(ms + 600), new SplittableRandom(1),
                    events::add, RetryGate.UNLIMITED);
            assertThrows(ConnectException.class, () -> late.call(() -> {
                calls.incrementAndGet();
                throw new ConnectException("Connection refused");
            }));
            assertEquals(1, calls.get());
            assertEquals(Outcome.DEADLINE_REACHED, events.getLast().outcome());
            assertEquals("the deadline passed during the wait; attempt 2 not started", events.getLast().note());
            assertEquals(2, events.getLast().attempt(), "reported as the attempt that did not start");
        }
    }

    @Nested
    class Boundaries {

        private List<Long> sleepsWith(long backoffMillis, Duration window) {
            assertThrows(ConnectException.class, () -> retry(refusedFor(2, backoffMillis, window)).call(() -> {
                throw new ConnectException("Connection refused");
            }));
            return clock.sleeps();
        }

        @Test
        void aWaitThatEndsExactlyAtTheWindowLeavesNoTimeAndIsNotStarted() {
            assertEquals(List.of(), sleepsWith(1_000, Duration.ofMillis(1_000)));
            assertEquals(Outcome.DEADLINE_REACHED, events.getLast().outcome());
        }

        @Test
        void aWaitThatLeavesOneMillisecondIsStarted() {
            assertEquals(List.of(999L), sleepsWith(999, Duration.ofMillis(1_000)));
        }

        @Test
        void aWaitThatLeavesOneNanosecondIsStarted() {
            assertEquals(List.of(999L), sleepsWith(999, Duration.ofNanos(999_000_001)));
        }

        @Test
        void aZeroWaitWithNoTimeLeftIsNotStarted() {
            RetryPolicy<String> policy = refusedFor(3, 0, Duration.ofMillis(1));
            AtomicInteger calls = new AtomicInteger();
            assertThrows(ConnectException.class, () -> retry(policy).call(() -> {
                if (calls.incrementAndGet() > 1) {
                    clock.advance(1); // the second attempt uses up the window
                }
                throw new ConnectException("Connection refused");
            }));
            assertEquals(2, calls.get());
            assertEquals(Outcome.DEADLINE_REACHED, events.getLast().outcome());
        }
    }

    @Nested
    class NoOverflow {

        /** The first edition added the delay to the elapsed time: 2^63 - 1 ms wrapped around. */
        @Test
        void aBackoffOfLongMaxValueMillisStopsInsteadOfSleepingForever() {
            Backoff forever = (attempt, previous, random) -> Long.MAX_VALUE;
            RetryPolicy<String> policy = RetryPolicy.<String>builder().maxAttempts(3).backoff(forever)
                    .maxDuration(Duration.ofSeconds(Long.MAX_VALUE)).build();
            assertThrows(ConnectException.class, () -> retry(policy).call(() -> {
                throw new ConnectException("Connection refused");
            }));
            assertEquals(List.of(), clock.sleeps());
            assertEquals(Outcome.DEADLINE_REACHED, events.getLast().outcome());
        }

        @Test
        void aRetryAfterOfLongMaxValueMillisStopsToo() throws Exception {
            RetryPolicy<String> policy = RetryPolicy.<String>builder().maxAttempts(3)
                    .retryOnResult(r -> r.equals("503"))
                    .delay((attempt, result, failure, backoff, random) -> RetryDelay.Choice.wait(Long.MAX_VALUE, "asked"))
                    .build();
            assertEquals("503", retry(policy).call(() -> "503"));
            assertEquals(List.of(), clock.sleeps());
        }

        @Test
        void aCallersDeadlineOfCenturiesSaturates() {
            Deadline far = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), clock);
            assertEquals(Long.MAX_VALUE, far.remainingNanos());
            clock.advance(1);
            assertEquals(Long.MAX_VALUE - 1_000_000, far.remainingNanos());
            assertTrue(far.isBounded());
            assertEquals(Long.MAX_VALUE, Deadline.none().remainingNanos());
            assertThrows(IllegalArgumentException.class, () -> Deadline.after(Duration.ofMillis(-1), clock));
        }
    }

    @Nested
    class Budget {

        /** The gate is asked once per call and once per retry: a budget works end to end through Retry. */
        @Test
        void everyCallIsAnnouncedToTheGateAndARefusedRetryStops() {
            int[] requests = {0};
            int[] retries = {0};
            RetryGate twoRetries = new RetryGate() {
                @Override
                public void onRequest() {
                    requests[0]++;
                }

                @Override
                public boolean tryRetry() {
                    return ++retries[0] <= 2;
                }
            };
            Retry<String> retry = Retry.of(refusedFor(10, 1, Duration.ofSeconds(10)), clock, clock.sleeper(),
                    new SplittableRandom(1), events::add, twoRetries);
            AtomicInteger calls = new AtomicInteger();
            assertThrows(ConnectException.class, () -> retry.call(() -> {
                calls.incrementAndGet();
                throw new ConnectException("Connection refused");
            }));
            assertEquals(1, requests[0]);
            assertEquals(3, calls.get(), "the first call and the two retries the gate allowed");
            assertEquals(Outcome.BUDGET_EXHAUSTED, events.getLast().outcome());
        }
    }
}
