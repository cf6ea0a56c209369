package book.ch05.hedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.replica.Behaviour;
import book.ch05.replica.Eventually;
import book.ch05.replica.ReplicaClient;
import book.ch05.replica.ReplicaServer;
import book.ch05.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HedgerTest {

    static final ReplicaClient CLIENT = new ReplicaClient(Duration.ofSeconds(2), Duration.ofSeconds(20));
    static final long DELAY = Duration.ofMillis(300).toNanos();

    /** A window whose p95 is already 300 ms, and a budget holding {@code tokens} tokens. */
    static Hedger hedger(int tokens) {
        LatencyWindow window = new LatencyWindow(0.95, 100, 1, 20);
        for (int i = 0; i < 20; i++) {
            window.record(DELAY);
        }
        RetryBudget budget = new RetryBudget(0.05, 10);
        while (budget.tryWithdraw()) {
            // drain what it starts with
        }
        for (int i = 0; i < 20 * tokens; i++) {
            budget.onRequest();
        }
        return new Hedger(window, budget, System::nanoTime);
    }

    @Nested
    class OnLoopbackReplicas {
        ReplicaServer slow;
        ReplicaServer fast;

        @BeforeEach
        void start() throws Exception {
            slow = ReplicaServer.start(ReplicaServer.Config.of("slow").withBehaviour(Behaviour.FAST.withLatency(Duration.ofSeconds(10))));
            fast = ReplicaServer.start("fast");
            // warm up the client's and the hedger's code paths, so the first test is not slow for that
            try (Hedger h = new Hedger(new LatencyWindow(0.5), new RetryBudget(), System::nanoTime)) {
                h.call(false, attempt -> CLIENT.get(fast.address(), "/health"));
                h.call(false, attempt -> CLIENT.get(slow.address(), "/health"));
            }
        }

        @AfterEach
        void stop() {
            slow.kill();
            fast.kill();
        }

        /** Attempt 0 goes to the slow replica, the hedge to the fast one. */
        String call(Hedger h, boolean safe) throws Exception {
            return h.call(safe, attempt -> CLIENT.get((attempt == 0 ? slow : fast).address(), "/work").replica());
        }

        @Test
        void aRequestSlowerThanTheP95IsHedgedTheFirstAnswerTakenAndTheLoserAbandoned() throws Exception {
            try (Hedger h = hedger(1)) {
                long t0 = System.nanoTime();
                assertEquals("fast", call(h, true));
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "did not wait for the slow one");
                assertEquals(1, h.hedges());
                assertEquals(1, h.hedgeWins());
                Eventually.await("the slow replica sees its client leave", () -> slow.counts().abandoned() == 1, slow::counts);
                assertEquals(0, slow.counts().ok());
            }
        }

        @Test
        void aRequestNotSafeToRepeatIsNeverHedged() throws Exception {
            slow.update(b -> b.withLatency(Duration.ofMillis(700)));
            try (Hedger h = hedger(1)) {
                assertEquals("slow", call(h, false));
                assertEquals(0, h.hedges());
                assertEquals(0, fast.counts().requests());
            }
        }

        @Test
        void withAnEmptyBudgetTheRequestWaitsForTheOriginal() throws Exception {
            slow.update(b -> b.withLatency(Duration.ofMillis(700)));
            try (Hedger h = hedger(0)) {
                assertEquals("slow", call(h, true));
                assertEquals(0, h.hedges());
                assertEquals(1, h.denied());
                assertEquals(0, fast.counts().requests());
            }
        }

        @Test
        void aFastAnswerIsNeverHedged() throws Exception {
            slow.update(b -> b.withLatency(Duration.ZERO));
            try (Hedger h = hedger(1)) {
                assertEquals("slow", call(h, true));
                assertEquals(0, h.hedges());
                assertEquals(0, fast.counts().requests());
            }
        }
    }

    @Nested
    class Outcomes {
        @Test
        void withoutEnoughSamplesThereIsNoHedge() throws Exception {
            try (Hedger h = new Hedger(new LatencyWindow(0.95), new RetryBudget(1, 10), System::nanoTime)) {
                assertEquals("x", h.call(true, attempt -> {
                    Thread.sleep(50);
                    return "x";
                }));
                assertEquals(0, h.hedges());
                assertEquals(0, h.denied());
            }
        }

        @Test
        void anOriginalThatFailsBeforeTheDelayIsReturnedNotHedged() throws Exception {
            try (Hedger h = hedger(1)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> h.call(true, attempt -> {
                    throw new IOException("refused " + attempt);
                }));
                assertEquals("refused 0", e.getCause().getMessage());
                assertEquals(0, h.hedges());
            }
        }

        @Test
        void whenTheOriginalFailsAfterTheHedgeLeftTheHedgeAnswers() throws Exception {
            try (Hedger h = hedger(1)) {
                assertEquals("hedge", h.call(true, attempt -> {
                    if (attempt == 0) {
                        Thread.sleep(1000); // fails well after the 300 ms delay: the hedge has left
                        throw new IOException("reset");
                    }
                    Thread.sleep(1000); // answers 300 ms after the original failed
                    return "hedge";
                }));
                assertEquals(1, h.hedgeWins());
            }
        }

        @Test
        void whenTheHedgeFailsTheOriginalStillAnswers() throws Exception {
            try (Hedger h = hedger(1)) {
                assertEquals("original", h.call(true, attempt -> {
                    if (attempt == 1) {
                        throw new IOException("refused");
                    }
                    Thread.sleep(1000);
                    return "original";
                }));
                assertEquals(0, h.hedgeWins());
            }
        }

        @Test
        void whenBothFailTheLastFailureCarriesTheFirst() throws Exception {
            try (Hedger h = hedger(1)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> h.call(true, attempt -> {
                    if (attempt == 0) {
                        Thread.sleep(1000);
                        throw new IOException("first");
                    }
                    Thread.sleep(1000); // fails 300 ms after the first
                    throw new IOException("second");
                }));
                assertEquals("second", e.getCause().getMessage());
                assertEquals("first", e.getCause().getSuppressed()[0].getMessage());
            }
        }

        @Test
        void measuresLatencyOnTheInjectedMonotonicSourceNotTheWallClock() throws Exception {
            ManualTicker ticker = new ManualTicker();
            LatencyWindow window = new LatencyWindow(0.5, 10, 1, 1);
            try (Hedger h = new Hedger(window, new RetryBudget(), ticker::nanoTime)) {
                h.call(false, attempt -> {
                    ticker.advance(Duration.ofMillis(7)); // the only time that passes, as far as the hedger knows
                    return "x";
                });
                assertEquals(Duration.ofMillis(7).toNanos(), window.quantileNanos());
            }
        }
    }
}
