package book.ch05.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.breaker.CallNotPermittedException;
import book.ch05.breaker.CircuitBreaker.State;
import book.ch05.breaker.Outcome;
import book.ch05.metrics.MetricRegistry;
import book.ch05.replica.ReplicaClient;
import book.ch05.time.ManualTicker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The capstone's breakers without a socket: which outcomes count, when an open breaker lets the
 * balancer pick its replica again, and what the metrics and the timeline see. Time is a
 * hand-driven ticker.
 */
class ReplicaBreakersTest {

    final ManualTicker ticker = new ManualTicker();
    final MetricRegistry metrics = new MetricRegistry();
    final ReplicaBreakers breakers = new ReplicaBreakers(List.of("r1", "r2", "r3"), ticker::nanoTime, metrics);

    static ReplicaClient.Response answer(int status) {
        return new ReplicaClient.Response(status, Map.of(), "");
    }

    void fail(int replica) {
        assertThrows(ConnectException.class, () -> breakers.call(replica, () -> {
            throw new ConnectException("Connection refused");
        }));
    }

    void openFirst() {
        open(0);
    }

    void open(int replica) {
        for (int i = 0; i < ReplicaBreakers.CONSECUTIVE_FAILURES; i++) {
            fail(replica);
        }
        assertEquals(State.OPEN, breakers.state(replica));
    }

    @Nested
    class TheBooksClassification {

        @Test
        void aTimeoutAResetA5xxAndGarbageAreFailures() {
            assertEquals(Outcome.FAILURE, ReplicaBreakers.CLASSIFIER.ofException(new SocketTimeoutException("Read timed out")));
            assertEquals(Outcome.FAILURE, ReplicaBreakers.CLASSIFIER.ofException(new SocketException("Connection reset")));
            assertEquals(Outcome.FAILURE, ReplicaBreakers.CLASSIFIER.ofException(new IOException("not HTTP: garbage")));
            assertEquals(Outcome.FAILURE, ReplicaBreakers.CLASSIFIER.ofResult(answer(503)));
            assertEquals(Outcome.FAILURE, ReplicaBreakers.CLASSIFIER.ofResult(answer(500)));
        }

        @Test
        void a429AndTheCallersOwnCancelAreNotCounted() throws Exception {
            assertEquals(Outcome.IGNORED, ReplicaBreakers.CLASSIFIER.ofResult(answer(429)));
            assertEquals(Outcome.SUCCESS, ReplicaBreakers.CLASSIFIER.ofResult(answer(200)));
            // a hedge's loser: its virtual thread is interrupted and sees a plain SocketException
            var seen = new CompletableFuture<Outcome>();
            Thread t = Thread.ofVirtual().unstarted(() ->
                    seen.complete(ReplicaBreakers.CLASSIFIER.ofException(new SocketException("Closed by interrupt"))));
            t.interrupt();
            t.start();
            t.join();
            assertEquals(Outcome.IGNORED, seen.get());
        }

        @Test
        void a429InARowNeverOpensIt() throws Exception {
            for (int i = 0; i < 100; i++) {
                assertEquals(429, breakers.call(0, () -> answer(429)).status());
            }
            assertEquals(State.CLOSED, breakers.state(0));
        }
    }

    @Nested
    class WhatTheBalancerMayPick {

        @Test
        void anOpenBreakerTakesItsReplicaOutUntilItsWaitHasPassed() {
            assertTrue(breakers.mayPick(0));
            openFirst();
            assertFalse(breakers.mayPick(0));
            assertTrue(breakers.mayPick(1));
            assertThrows(CallNotPermittedException.class, () -> breakers.call(0, () -> answer(200)));
            ticker.advanceNanos(ReplicaBreakers.OPEN_WAIT.toNanos() - 1);
            assertFalse(breakers.mayPick(0));
            ticker.advanceNanos(1);
            assertTrue(breakers.mayPick(0));
        }

        @Test
        void whenEveryBreakerIsOpenTheClientKnowsHowLongToWait() {
            assertEquals(0, breakers.nanosUntilProbe(), "all closed: no wait");
            open(0);
            assertEquals(0, breakers.nanosUntilProbe(), "r2 and r3 still closed");
            ticker.advanceNanos(300);
            open(1);
            open(2);
            assertEquals(ReplicaBreakers.OPEN_WAIT.toNanos() - 300, breakers.nanosUntilProbe(), "r1 opened first");
            ticker.advanceNanos(ReplicaBreakers.OPEN_WAIT.toNanos() - 300);
            assertEquals(0, breakers.nanosUntilProbe());
            ticker.advanceNanos(ReplicaBreakers.OPEN_WAIT.toNanos());
            assertEquals(0, breakers.nanosUntilProbe(), "never negative");
        }

        @Test
        void threeSuccessfulProbesCloseItAgain() throws Exception {
            openFirst();
            ticker.advance(ReplicaBreakers.OPEN_WAIT);
            assertEquals(200, breakers.call(0, () -> answer(200)).status());
            assertEquals(State.HALF_OPEN, breakers.state(0));
            assertTrue(breakers.mayPick(0), "half-open: a probe place may be free");
            for (int probe = 1; probe < ReplicaBreakers.PROBES; probe++) {
                breakers.call(0, () -> answer(200));
            }
            assertEquals(State.CLOSED, breakers.state(0));
        }

        @Test
        void aFailedProbeOpensItForAnotherFullWait() {
            openFirst();
            ticker.advance(ReplicaBreakers.OPEN_WAIT);
            fail(0);
            assertEquals(State.OPEN, breakers.state(0));
            assertFalse(breakers.mayPick(0));
            ticker.advanceNanos(ReplicaBreakers.OPEN_WAIT.toNanos() - 1);
            assertFalse(breakers.mayPick(0), "a full wait from the failed probe");
        }
    }

    @Nested
    class MetricsAndTimeline {

        @Test
        void eachReplicasStateIsAGaugeAndEachTransitionCounted() throws Exception {
            assertTrue(CapstoneRun.breakerMetrics(metrics).contains("capstone_breaker_state{replica=\"r1\"} 0.0\n"));
            openFirst();
            String text = CapstoneRun.breakerMetrics(metrics);
            assertTrue(text.contains("capstone_breaker_state{replica=\"r1\"} 1.0\n"), text);
            assertTrue(text.contains("capstone_breaker_state{replica=\"r2\"} 0.0\n"), text);
            assertTrue(text.contains("capstone_breaker_transitions_total{replica=\"r1\",to=\"open\"} 1\n"), text);
            ticker.advance(ReplicaBreakers.OPEN_WAIT);
            breakers.call(0, () -> answer(200));
            assertTrue(CapstoneRun.breakerMetrics(metrics).contains("capstone_breaker_state{replica=\"r1\"} 2.0\n"));
        }

        @Test
        void everyTransitionIsAnEventWithItsReasonAndTime() {
            ticker.advanceNanos(42);
            openFirst();
            var events = breakers.events();
            assertEquals(1, events.size());
            var e = events.get(0);
            assertEquals(0, e.replica());
            assertEquals(State.CLOSED, e.from());
            assertEquals(State.OPEN, e.to());
            assertEquals("3 consecutive failures", e.reason());
            assertEquals(ticker.nanoTime(), e.atNanos());
        }
    }
}
