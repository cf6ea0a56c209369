package book.ch05.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.breaker.CircuitBreaker.State;
import book.ch05.time.ManualTicker;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The state machine walked exactly on a hand-driven ticker. */
@Timeout(10)
class CircuitBreakerTest {

    final ManualTicker ticker = new ManualTicker();
    final List<Transition> events = new ArrayList<>();

    /** Only the rates open it: the consecutive rule off, a window of 10 calls, 10 calls needed. */
    static final BreakerConfig RATES_ONLY = BreakerConfig.defaults("dep").withConsecutiveFailures(BreakerConfig.OFF)
            .withWindow(BreakerConfig.Window.lastCalls(10)).withMinimumCalls(10).withSlowCalls(null, 100);

    CircuitBreaker breaker(BreakerConfig config) {
        return CircuitBreaker.create(config, ticker::nanoTime).onTransition(events::add);
    }

    static final OutcomeClassifier<Integer> STATUS = new OutcomeClassifier<>() {
        @Override
        public Outcome ofResult(Integer status) {
            return OutcomeClassifier.ofStatus(status);
        }

        @Override
        public Outcome ofException(Throwable failure) {
            return Outcome.FAILURE;
        }
    };

    static void answer(CircuitBreaker b, int status) throws Exception {
        b.execute(() -> status, STATUS);
    }

    static void fail(CircuitBreaker b) {
        assertThrows(IOException.class, () -> b.execute(() -> {
            throw new IOException("Connection reset");
        }));
    }

    static void succeed(CircuitBreaker b) throws Exception {
        assertEquals("ok", b.execute(() -> "ok"));
    }

    static void calls(CircuitBreaker b, String pattern) throws Exception {
        for (char c : pattern.toCharArray()) {
            if (c == 'F') {
                fail(b);
            } else {
                succeed(b);
            }
        }
    }

    @Nested
    class ConsecutiveFailures {
        @Test
        void fourFailuresLeaveItClosedTheFifthOpensIt() throws Exception {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep"));
            calls(b, "FFFF");
            assertEquals(State.CLOSED, b.state());
            fail(b);
            assertEquals(State.OPEN, b.state());
            assertEquals(List.of(new Transition("dep", State.CLOSED, State.OPEN, "5 consecutive failures", ticker.nanoTime())), events);
        }

        @Test
        void aSuccessStartsTheCountAgain() throws Exception {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep"));
            calls(b, "FFFFSFFFFSFFFF");
            assertEquals(State.CLOSED, b.state());
            assertTrue(events.isEmpty());
        }

        @Test
        void offMeansOnlyTheRatesDecide() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY.withMinimumCalls(1_000));
            calls(b, "F".repeat(50));
            assertEquals(State.CLOSED, b.state());
        }
    }

    @Nested
    class ClassifyBeforeCounting {
        @Test
        void aHundred404sLeaveItClosed() throws Exception {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep"));
            for (int i = 0; i < 100; i++) {
                answer(b, 404);
            }
            assertEquals(State.CLOSED, b.state());
            assertEquals(100, b.windowCounts()[0]);
            assertEquals(0, b.windowCounts()[1]);
        }

        @Test
        void aHundred503sOpenIt() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY.withWindow(BreakerConfig.Window.lastCalls(100)).withMinimumCalls(20));
            for (int i = 0; i < 100 && b.state() == State.CLOSED; i++) {
                answer(b, 503);
            }
            assertEquals(State.OPEN, b.state());
            assertEquals("20 failures in 20 calls >= 50.0 %", events.getFirst().reason());
        }

        @Test
        void aHundred429sArePushbackNotFailureAndNotCounted() throws Exception {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep"));
            for (int i = 0; i < 100; i++) {
                answer(b, 429);
            }
            assertEquals(State.CLOSED, b.state());
            assertEquals(0, b.windowCounts()[0]);
        }

        @Test
        void aCallerThatGaveUpIsNotCounted() {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep"));
            for (int i = 0; i < 10; i++) {
                assertThrows(InterruptedException.class, () -> b.execute(() -> {
                    throw new InterruptedException();
                }));
            }
            assertEquals(State.CLOSED, b.state());
            assertEquals(0, b.windowCounts()[0]);
        }
    }

    @Nested
    class FailureRate {
        @Test
        void exactlyFiftyPercentAtThresholdFiftyOpens() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY);
            calls(b, "SFSFSFSFS");
            assertEquals(State.CLOSED, b.state()); // 9 calls: below the minimum
            calls(b, "F");
            assertEquals(State.OPEN, b.state());
            assertEquals("5 failures in 10 calls >= 50.0 %", events.getFirst().reason());
        }

        @Test
        void fortyPercentStaysClosed() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY);
            calls(b, "SSFSFSFSSF"); // 40 %, checked at the last failure
            assertEquals(State.CLOSED, b.state());
        }

        @Test
        void belowTheMinimumNumberOfCallsItNeverOpens() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY);
            calls(b, "FFFFFFFFF");
            assertEquals(State.CLOSED, b.state());
            assertEquals(9, b.windowCounts()[1]);
            fail(b);
            assertEquals(State.OPEN, b.state());
        }

        @Test
        void aSuccessNeverOpensItTheNextFailureDoes() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY);
            calls(b, "FFFFFFFFFS");
            assertEquals(State.CLOSED, b.state()); // 90 % of 10 calls, but a success cannot raise a rate
            calls(b, "F");
            assertEquals(State.OPEN, b.state());
            assertEquals("9 failures in 10 calls >= 50.0 %", events.getFirst().reason());
        }

        @Test
        void theCountWindowForgetsCallsOlderThanItsLastTen() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY);
            calls(b, "FFFF" + "S".repeat(20) + "FFFF");
            assertEquals(State.CLOSED, b.state());
            assertEquals(10, b.windowCounts()[0]);
            assertEquals(4, b.windowCounts()[1]);
            calls(b, "F");
            assertEquals(State.OPEN, b.state());
        }

        @Test
        void aLargeCountWindowSlidesATenthAtATime() throws Exception {
            CircuitBreaker b = breaker(RATES_ONLY.withWindow(BreakerConfig.Window.lastCalls(100)).withMinimumCalls(100));
            calls(b, "S".repeat(100));
            assertEquals(100, b.windowCounts()[0]);
            calls(b, "S");
            assertEquals(91, b.windowCounts()[0]); // the oldest bucket of 10 left, the new call is in
            calls(b, "S".repeat(9));
            assertEquals(100, b.windowCounts()[0]);
        }
    }

    @Nested
    class TimeWindow {
        final BreakerConfig tenSeconds = RATES_ONLY.withWindow(BreakerConfig.Window.lastDuration(Duration.ofSeconds(10)));

        TimeWindow() {
            ticker.advance(Duration.ofMillis(250)); // buckets start where the breaker was made, not at a round reading
        }

        @Test
        void exactlyFiftyPercentAtThresholdFiftyOpens() throws Exception {
            CircuitBreaker b = breaker(tenSeconds);
            for (char c : "SFSFSFSFS".toCharArray()) {
                calls(b, String.valueOf(c));
                ticker.advance(Duration.ofMillis(900));
            }
            assertEquals(State.CLOSED, b.state());
            calls(b, "F");
            assertEquals(State.OPEN, b.state());
        }

        @Test
        void callsOlderThanTheWindowDropOut() throws Exception {
            CircuitBreaker b = breaker(tenSeconds.withMinimumCalls(5));
            calls(b, "FFFF");
            ticker.advance(Duration.ofSeconds(10));
            calls(b, "FSSSS");
            assertEquals(State.CLOSED, b.state());
            assertEquals(5, b.windowCounts()[0]);
        }

        @Test
        void bucketsAreSecondsSinceTheBreakerWasMadeSoAFailureAt600msLeavesAt10s() throws Exception {
            CircuitBreaker b = breaker(tenSeconds.withMinimumCalls(5));
            ticker.advance(Duration.ofMillis(600));
            calls(b, "FFFF");                        // in the first bucket, [0 s, 1 s)
            ticker.advance(Duration.ofMillis(9_800)); // 10.4 s: the first bucket has left the window
            calls(b, "SSSSF");
            assertEquals(State.CLOSED, b.state());
            assertEquals(5, b.windowCounts()[0]);
        }

        @Test
        void callsWithinTheWindowStayIn() throws Exception {
            CircuitBreaker b = breaker(tenSeconds.withMinimumCalls(5));
            calls(b, "FFFF");
            ticker.advance(Duration.ofMillis(8_999));
            calls(b, "F");
            assertEquals(State.OPEN, b.state());
        }

        @Test
        void aLongSilenceEmptiesTheWholeWindow() throws Exception {
            CircuitBreaker b = breaker(tenSeconds.withMinimumCalls(1_000));
            for (int i = 0; i < 10; i++) {
                calls(b, "FS");
                ticker.advance(Duration.ofSeconds(1));
            }
            calls(b, "S");
            assertEquals(19, b.windowCounts()[0]); // at 10 s the first second has left
            ticker.advance(Duration.ofHours(1));
            calls(b, "S");
            assertEquals(1, b.windowCounts()[0]);
        }
    }

    @Nested
    class SlowCalls {
        final BreakerConfig slowAtOneSecond = RATES_ONLY.withMinimumCalls(4).withSlowCalls(Duration.ofSeconds(1), 50);

        void slowCall(CircuitBreaker b, Duration took) throws Exception {
            b.execute(() -> {
                ticker.advance(took);
                return "ok";
            });
        }

        @Test
        void halfTheCallsSlowOpensIt() throws Exception {
            CircuitBreaker b = breaker(slowAtOneSecond);
            slowCall(b, Duration.ofMillis(999));
            slowCall(b, Duration.ofSeconds(1));
            slowCall(b, Duration.ofMillis(10));
            assertEquals(State.CLOSED, b.state());
            slowCall(b, Duration.ofSeconds(5));
            assertEquals(State.OPEN, b.state());
            assertEquals("2 slow calls in 4 calls >= 50.0 %", events.getFirst().reason());
        }

        /** Added in chapter 5's copy (mutation testing found the rate's divisor unpinned). */
        @Test
        void aQuarterOfTheCallsSlowLeavesItClosed() throws Exception {
            CircuitBreaker b = breaker(slowAtOneSecond);
            for (int i = 0; i < 3; i++) {
                slowCall(b, Duration.ofMillis(10));
            }
            slowCall(b, Duration.ofSeconds(1)); // 1 slow call in 4: 25 %, under the 50 %
            assertEquals(State.CLOSED, b.state());
        }

        @Test
        void aCallCountsAsSlowOnlyWhenItCompletes() throws Exception {
            CircuitBreaker b = breaker(slowAtOneSecond.withMinimumCalls(1));
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                CountDownLatch started = new CountDownLatch(1);
                Future<String> hanging = pool.submit(() -> b.execute(() -> {
                    started.countDown();
                    release.await();
                    return "late";
                }));
                started.await();
                ticker.advance(Duration.ofHours(1));
                succeed(b); // a quick call meanwhile: the hung one is invisible to the window
                assertEquals(State.CLOSED, b.state());
                assertEquals(1, b.windowCounts()[0]);
                release.countDown();
                assertEquals("late", hanging.get());
            }
            assertEquals(State.OPEN, b.state()); // now it completed, an hour late, and counts as slow
        }
    }

    @Nested
    class Open {
        CircuitBreaker opened() throws Exception {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep").withOpenWait(Duration.ofSeconds(60)));
            calls(b, "FFFFF");
            events.clear();
            return b;
        }

        @Test
        void rejectsWithoutCallingWithOneSharedExceptionWithoutAStackTrace() throws Exception {
            CircuitBreaker b = opened();
            AtomicInteger called = new AtomicInteger();
            CallNotPermittedException first = assertThrows(CallNotPermittedException.class, () -> b.execute(called::incrementAndGet));
            CallNotPermittedException second = assertThrows(CallNotPermittedException.class, () -> b.execute(called::incrementAndGet));
            assertSame(first, second);
            assertEquals(0, first.getStackTrace().length);
            assertEquals(State.OPEN, first.state());
            assertEquals("circuit breaker 'dep' is open: call not permitted", first.getMessage());
            assertEquals(0, called.get());
            assertEquals(2, b.rejected());
        }

        @Test
        void staysOpenUntilTheWaitHasPassedToTheNanosecond() throws Exception {
            CircuitBreaker b = opened();
            ticker.advance(Duration.ofSeconds(60).minusNanos(1));
            assertThrows(CallNotPermittedException.class, () -> succeed(b));
            ticker.advanceNanos(1);
            succeed(b);
            assertEquals(List.of(State.HALF_OPEN), events.stream().map(Transition::to).toList());
            assertEquals("open for PT1M, probing", events.getFirst().reason());
        }
    }

    @Nested
    class HalfOpen {
        CircuitBreaker halfOpen(int probes) throws Exception {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep").withHalfOpenProbes(probes, Duration.ofSeconds(5)));
            calls(b, "FFFFF");
            ticker.advance(Duration.ofSeconds(60));
            return b;
        }

        @Test
        void threeSuccessfulProbesCloseIt() throws Exception {
            CircuitBreaker b = halfOpen(3);
            calls(b, "SS");
            assertEquals(State.HALF_OPEN, b.state());
            calls(b, "S");
            assertEquals(State.CLOSED, b.state());
            assertEquals(List.of("5 consecutive failures", "open for PT1M, probing", "3 probes succeeded"),
                    events.stream().map(Transition::reason).toList());
            assertEquals(0, b.windowCounts()[0]); // a fresh window
        }

        @Test
        void oneFailedProbeOpensItForAnotherFullWait() throws Exception {
            CircuitBreaker b = halfOpen(3);
            calls(b, "SF");
            assertEquals(State.OPEN, b.state());
            assertEquals("a probe failed", events.getLast().reason());
            ticker.advance(Duration.ofSeconds(60).minusNanos(1));
            assertThrows(CallNotPermittedException.class, () -> succeed(b));
        }

        @Test
        void aSlowProbeIsAFailedProbe() throws Exception {
            CircuitBreaker b = halfOpen(1);
            b.execute(() -> {
                ticker.advance(Duration.ofSeconds(10));
                return "ok";
            });
            assertEquals(State.OPEN, b.state());
            assertEquals("a probe was slow", events.getLast().reason());
        }

        @Test
        void moreCallsThanProbesAreRejectedWhileTheProbesRun() throws Exception {
            CircuitBreaker b = halfOpen(1);
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                CountDownLatch probing = new CountDownLatch(1);
                Future<String> probe = pool.submit(() -> b.execute(() -> {
                    probing.countDown();
                    release.await();
                    return "ok";
                }));
                probing.await();
                long rejectedBefore = b.rejected();
                CallNotPermittedException e = assertThrows(CallNotPermittedException.class, () -> succeed(b));
                assertEquals(rejectedBefore + 1, b.rejected());
                assertEquals(State.HALF_OPEN, e.state());
                assertEquals("circuit breaker 'dep' is half_open: call not permitted", e.getMessage());
                release.countDown();
                assertEquals("ok", probe.get());
            }
            assertEquals(State.CLOSED, b.state());
        }

        @Test
        void aProbeThatNeverReportsBackDoesNotWedgeHalfOpen() throws Exception {
            CircuitBreaker b = halfOpen(1);
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                CountDownLatch probing = new CountDownLatch(1);
                Future<String> lost = pool.submit(() -> b.execute(() -> {
                    probing.countDown();
                    release.await();
                    return "too late";
                }));
                probing.await();
                ticker.advance(Duration.ofSeconds(5).minusNanos(1));
                assertThrows(CallNotPermittedException.class, () -> succeed(b));
                ticker.advanceNanos(1);
                assertThrows(CallNotPermittedException.class, () -> succeed(b));
                assertEquals(State.OPEN, b.state());
                assertEquals("probes did not report within PT5S", events.getLast().reason());
                ticker.advance(Duration.ofSeconds(60));
                succeed(b); // a fresh probe
                assertEquals(State.CLOSED, b.state());
                int before = events.size();
                release.countDown();
                assertEquals("too late", lost.get()); // the lost probe's late report changes nothing
                assertEquals(before, events.size());
                assertEquals(State.CLOSED, b.state());
            }
        }

        @Test
        void probesThatTrickleInSlowlyAreNotCutOffByTheProbeTimeout() throws Exception {
            CircuitBreaker b = halfOpen(3);
            calls(b, "S");
            ticker.advance(Duration.ofSeconds(10)); // twice the probe timeout, but no probe is missing
            calls(b, "SS");
            assertEquals(State.CLOSED, b.state());
        }

        @Test
        void aProbeThatToldNothingGivesItsPlaceBack() throws Exception {
            CircuitBreaker b = halfOpen(1);
            answerThrough(b, 429);
            assertEquals(State.HALF_OPEN, b.state());
            answerThrough(b, 200);
            assertEquals(State.CLOSED, b.state());
        }

        void answerThrough(CircuitBreaker b, int status) throws Exception {
            answer(b, status);
        }
    }

    @Nested
    class LateOutcomesAndListeners {
        @Test
        void aCallAdmittedBeforeItOpenedAndFailingAfterChangesNothing() throws Exception {
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep").withHalfOpenProbes(1, Duration.ofSeconds(5)));
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                CountDownLatch started = new CountDownLatch(1);
                Future<?> late = pool.submit(() -> b.execute(() -> {
                    started.countDown();
                    release.await();
                    throw new SocketTimeoutException("Read timed out");
                }));
                started.await();
                calls(b, "FFFFF");
                ticker.advance(Duration.ofSeconds(60));
                succeed(b); // the probe closes it
                assertEquals(State.CLOSED, b.state());
                release.countDown();
                assertTrue(assertThrows(java.util.concurrent.ExecutionException.class, late::get).getCause() instanceof SocketTimeoutException);
            }
            assertEquals(State.CLOSED, b.state());
            assertEquals(0, b.windowCounts()[0]);
        }

        @Test
        void aThrowingListenerDoesNotBreakTheCallOrTheOtherListeners() throws Exception {
            List<Throwable> reported = new ArrayList<>();
            List<Transition> seen = new ArrayList<>();
            CircuitBreaker b = breaker(BreakerConfig.defaults("dep"))
                    .onTransition(t -> {
                        throw new IllegalStateException("listener bug");
                    })
                    .onTransition(seen::add);
            Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
            try {
                calls(b, "FFFFF");
            } finally {
                Thread.currentThread().setUncaughtExceptionHandler(previous);
            }
            assertEquals(State.OPEN, b.state());
            assertEquals(1, seen.size());
            assertEquals("listener bug", reported.getFirst().getMessage());
        }

        @Test
        void aBreakerOnTheSystemTickerStartsClosedWithItsConfig() throws Exception {
            BreakerConfig config = BreakerConfig.defaults("dep");
            CircuitBreaker b = CircuitBreaker.create(config);
            assertSame(config, b.config());
            assertEquals(State.CLOSED, b.state());
            succeed(b);
            assertEquals(1, b.windowCounts()[0]);
        }

        @Test
        void aTransitionReadsLikeALogLine() {
            assertEquals("breaker dep: CLOSED -> OPEN (5 consecutive failures)",
                    new Transition("dep", State.CLOSED, State.OPEN, "5 consecutive failures", 0).toString());
        }

        @Test
        void onlyTheTickerTellsTimeTheWallClockIsNeverRead() throws Exception {
            AtomicInteger reads = new AtomicInteger();
            CircuitBreaker b = CircuitBreaker.create(BreakerConfig.defaults("dep").withSlowCalls(null, 100), () -> {
                reads.incrementAndGet();
                return ticker.nanoTime();
            });
            int atCreation = reads.get();
            calls(b, "SSSS");
            assertEquals(atCreation, reads.get(), "a count window without slow-call timing reads no clock on the closed path");
            assertFalse(WallClockScan.readsTheWallClock("breaker"));
        }
    }
}
