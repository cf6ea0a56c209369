package book.ch04.shedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SheddingQueueTest {

    private final ManualTicker ticker = new ManualTicker();
    private final List<String> shed = new ArrayList<>();

    /** Capacity 3, 1 s in FIFO, 10 ms target under overload, 100 ms interval. */
    private SheddingQueue<String> queue() {
        return new SheddingQueue<String>(3, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100),
                ticker::nanoTime, shed::add);
    }

    @Nested
    class Bounded {
        @Test
        void servesInArrivalOrderWhileNotOverloaded() {
            SheddingQueue<String> q = queue();
            assertTrue(q.offer("a"));
            assertTrue(q.offer("b"));
            assertTrue(q.offer("c"));
            assertEquals("a", q.poll());
            assertEquals("b", q.poll());
            assertEquals("c", q.poll());
            assertNull(q.poll());
            assertEquals(List.of(), shed);
        }

        @Test
        void refusesAnItemWhenFull() {
            SheddingQueue<String> q = queue();
            q.offer("a");
            q.offer("b");
            q.offer("c");
            assertFalse(q.offer("d"));
            assertEquals(3, q.size());
            assertEquals(List.of(), shed, "a refused item was never queued, so it is not shed");
        }

        @Test
        void expiredItemsMakeRoomForANewOne() {
            SheddingQueue<String> q = queue();
            q.offer("a");
            q.offer("b");
            ticker.advance(Duration.ofMillis(50));
            q.offer("c");
            ticker.advance(Duration.ofMillis(950));
            assertTrue(q.offer("d"), "a and b waited 1 s: shed, room for d");
            assertEquals(List.of("a", "b"), shed);
            assertEquals(2, q.size());
        }
    }

    @Nested
    class QueueTimeLimit {
        @Test
        void shedsAnItemThatWaitedItsLimitAndServesOneThatWaitedLess() {
            SheddingQueue<String> q = queue();
            q.offer("a");
            ticker.advanceNanos(1);
            q.offer("b");
            ticker.advance(Duration.ofSeconds(1).minusNanos(1));
            assertEquals("b", q.poll(), "a waited exactly 1 s: shed; b waited 1 ns less: served");
            assertEquals(List.of("a"), shed);
        }
    }

    @Nested
    class Time {
        @Test
        void readsNoClockButTheTickerItIsGiven() throws InterruptedException {
            // The ticker is frozen: real time passing (or the wall clock stepping) expires nothing.
            SheddingQueue<String> q = new SheddingQueue<String>(3, Duration.ofNanos(1), Duration.ofNanos(1),
                    Duration.ofMillis(1), ticker::nanoTime, shed::add);
            q.offer("a");
            Thread.sleep(5);
            assertFalse(q.overloaded());
            assertEquals("a", q.poll());
            assertEquals(List.of(), shed);
        }

        @Test
        void everyOperationLeavesTheLockFreeForOtherThreads() throws Exception {
            SheddingQueue<String> q = queue();
            q.offer("a");
            q.poll();
            q.size();
            q.overloaded();
            try (var other = java.util.concurrent.Executors.newSingleThreadExecutor()) {
                var offered = other.submit(() -> q.offer("from another thread"));
                assertTrue(offered.get(5, java.util.concurrent.TimeUnit.SECONDS));
            }
        }

        @Test
        void keepsWorkingWhenTheNanoTimeReadingWraps() {
            ManualTicker nearTheEnd = new ManualTicker(Long.MAX_VALUE - 5_000_000L);
            SheddingQueue<String> q = new SheddingQueue<String>(3, Duration.ofMillis(20), Duration.ofMillis(10),
                    Duration.ofMillis(100), nearTheEnd::nanoTime, shed::add);
            q.offer("a");
            nearTheEnd.advance(Duration.ofMillis(19));
            assertEquals("a", q.poll(), "19 ms across the wrap is 19 ms");
            q.offer("b");
            nearTheEnd.advance(Duration.ofMillis(20));
            assertNull(q.poll());
            assertEquals(List.of("b"), shed);
        }
    }

    @Nested
    class AdaptiveLifo {
        @Test
        void aQueueNotEmptyForAWholeIntervalIsOverloaded() {
            SheddingQueue<String> q = queue();
            q.offer("a");
            ticker.advance(Duration.ofMillis(100));
            assertFalse(q.overloaded(), "exactly one interval: not yet");
            ticker.advanceNanos(1);
            assertTrue(q.overloaded());
        }

        @Test
        void underOverloadServesTheNewestFirstAndGivesNewcomersTheShortTarget() {
            SheddingQueue<String> q = queue();
            q.offer("old");
            ticker.advance(Duration.ofMillis(101));
            q.offer("new1");
            q.offer("new2");
            assertEquals("new2", q.poll(), "LIFO under overload");
            ticker.advance(Duration.ofMillis(10));
            assertEquals("old", q.poll(), "new1 waited its 10 ms target: shed; old has its 1 s");
            assertEquals(List.of("new1"), shed);
        }

        @Test
        void anEmptyQueueIsNoLongerOverloadedAndGivesTheLongLimitAgain() {
            SheddingQueue<String> q = queue();
            q.offer("a");
            ticker.advance(Duration.ofMillis(200));
            assertTrue(q.overloaded());
            assertEquals("a", q.poll());
            assertFalse(q.overloaded());
            q.offer("b");
            q.offer("c");
            ticker.advance(Duration.ofMillis(50));
            assertEquals("b", q.poll(), "FIFO again, and 50 ms is well inside the 1 s limit");
            assertEquals(List.of(), shed);
        }

        @Test
        void anItemQueuedBeforeOverloadKeepsItsLongLimit() {
            SheddingQueue<String> q = queue();
            q.offer("a");
            q.offer("b");
            ticker.advance(Duration.ofMillis(500));
            assertTrue(q.overloaded());
            assertEquals("b", q.poll(), "newest first");
            assertEquals("a", q.poll());
            assertEquals(List.of(), shed);
        }

        @Test
        void theDefaultsAreAThousandOneSecondTenMillisAndAHundredMillis() {
            assertEquals(1000, SheddingQueue.DEFAULT_CAPACITY);
            assertEquals(Duration.ofSeconds(1), SheddingQueue.DEFAULT_MAX_QUEUE_TIME);
            assertEquals(Duration.ofMillis(10), SheddingQueue.DEFAULT_TARGET);
            assertEquals(Duration.ofMillis(100), SheddingQueue.DEFAULT_INTERVAL);
            SheddingQueue<String> q = SheddingQueue.ofDefaults(ticker::nanoTime, shed::add);
            for (int i = 0; i < 1000; i++) {
                assertTrue(q.offer("x" + i));
            }
            assertFalse(q.offer("one too many"));
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesABadConfigurationNamingTheParameterAndValue() {
            Duration s = Duration.ofSeconds(1);
            Duration ms = Duration.ofMillis(10);
            Duration i = Duration.ofMillis(100);
            assertEquals("capacity must be in 1..1000000, not 0", message(() -> new SheddingQueue<String>(0, s, ms, i, ticker::nanoTime, shed::add)));
            assertEquals("capacity must be in 1..1000000, not 1000001", message(() -> new SheddingQueue<String>(1_000_001, s, ms, i, ticker::nanoTime, shed::add)));
            assertEquals("maxQueueTime must be in 1ns..1h, not PT0S", message(() -> new SheddingQueue<String>(1, Duration.ZERO, ms, i, ticker::nanoTime, shed::add)));
            assertEquals("maxQueueTime must be in 1ns..1h, not PT-1S", message(() -> new SheddingQueue<String>(1, s.negated(), ms, i, ticker::nanoTime, shed::add)));
            assertEquals("maxQueueTime must be in 1ns..1h, not PT1H0.000000001S", message(() -> new SheddingQueue<String>(1, Duration.ofHours(1).plusNanos(1), ms, i, ticker::nanoTime, shed::add)));
            assertEquals("maxQueueTime must be in 1ns..1h, not null", message(() -> new SheddingQueue<String>(1, null, ms, i, ticker::nanoTime, shed::add)));
            assertEquals("target must be in 1ns..maxQueueTime (PT1S), not PT1.000000001S", message(() -> new SheddingQueue<String>(1, s, s.plusNanos(1), i, ticker::nanoTime, shed::add)));
            assertEquals("target must be in 1ns..maxQueueTime (PT1S), not PT0S", message(() -> new SheddingQueue<String>(1, s, Duration.ZERO, i, ticker::nanoTime, shed::add)));
            assertEquals("target must be in 1ns..maxQueueTime (PT1S), not PT-0.01S", message(() -> new SheddingQueue<String>(1, s, ms.negated(), i, ticker::nanoTime, shed::add)));
            assertEquals("target must be in 1ns..maxQueueTime (PT1S), not null", message(() -> new SheddingQueue<String>(1, s, null, i, ticker::nanoTime, shed::add)));
            assertEquals("interval must be in 1ms..1h, not PT0.000999999S", message(() -> new SheddingQueue<String>(1, s, ms, Duration.ofNanos(999_999), ticker::nanoTime, shed::add)));
            assertEquals("interval must be in 1ms..1h, not PT1H0.000000001S", message(() -> new SheddingQueue<String>(1, s, ms, Duration.ofHours(1).plusNanos(1), ticker::nanoTime, shed::add)));
            assertEquals("interval must be in 1ms..1h, not null", message(() -> new SheddingQueue<String>(1, s, ms, null, ticker::nanoTime, shed::add)));
            assertEquals("nanoTime and onShed must not be null", message(() -> new SheddingQueue<String>(1, s, ms, i, null, shed::add)));
            assertEquals("nanoTime and onShed must not be null", message(() -> new SheddingQueue<String>(1, s, ms, i, ticker::nanoTime, null)));
            new SheddingQueue<String>(1_000_000, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), ticker::nanoTime, shed::add);
            new SheddingQueue<String>(1, Duration.ofNanos(1), Duration.ofNanos(1), Duration.ofMillis(1), ticker::nanoTime, shed::add);
        }

        private String message(org.junit.jupiter.api.function.Executable e) {
            return assertThrows(IllegalArgumentException.class, e).getMessage();
        }
    }
}
