package book.ch04.bulkhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
@SuppressWarnings("try") // permits held by try-with-resources and not otherwise used: holding is the point
class BulkheadTest {

    @Nested
    class Admission {
        @Test
        void admitsUpToItsCapacityAndRefusesTheNextAtOnce() throws Exception {
            Bulkhead bulkhead = new Bulkhead("db", 2, Duration.ZERO);
            Bulkhead.Permit a = bulkhead.enter();
            Bulkhead.Permit b = bulkhead.enter();
            assertEquals(2, bulkhead.inUse());
            var e = assertThrows(BulkheadFullException.class, bulkhead::enter);
            assertEquals("bulkhead 'db' is full (2)", e.getMessage());
            assertEquals(0, e.getStackTrace().length, "a refusal builds no stack trace");
            a.close();
            assertEquals(1, bulkhead.inUse());
            bulkhead.enter();
            b.close();
        }

        @Test
        void callReleasesItsPlaceWhenTheCallThrows() {
            Bulkhead bulkhead = new Bulkhead("db", 1, Duration.ZERO);
            assertThrows(IOException.class, () -> bulkhead.call(() -> {
                assertEquals(1, bulkhead.inUse());
                throw new IOException("reset");
            }));
            assertEquals(0, bulkhead.inUse());
        }

        @Test
        void callRefusesWithoutRunningTheCallWhenFull() throws Exception {
            Bulkhead bulkhead = new Bulkhead("db", 1, Duration.ZERO);
            try (Bulkhead.Permit held = bulkhead.enter()) {
                int[] ran = {0};
                assertThrows(BulkheadFullException.class, () -> bulkhead.call(() -> ran[0]++));
                assertEquals(0, ran[0]);
                assertEquals(1, bulkhead.inUse(), "the refused call released nothing");
            }
            assertEquals("ok", bulkhead.call(() -> "ok"));
        }

        @Test
        void closingAPermitTwiceReleasesOnce() throws Exception {
            Bulkhead bulkhead = new Bulkhead("db", 2, Duration.ZERO);
            Bulkhead.Permit held = bulkhead.enter();
            Bulkhead.Permit twice = bulkhead.enter();
            twice.close();
            twice.close();
            assertEquals(1, bulkhead.inUse(), "a double close must not make room for a third call");
            held.close();
            assertEquals(0, bulkhead.inUse());
        }

        @Test
        void theDefaultsAre25PlacesAndNoWaiting() throws Exception {
            Bulkhead bulkhead = Bulkhead.ofDefaults("db");
            assertEquals(25, bulkhead.maxConcurrent());
            assertEquals("db", bulkhead.name());
            for (int i = 0; i < 25; i++) {
                bulkhead.enter();
            }
            long start = System.nanoTime();
            assertThrows(BulkheadFullException.class, bulkhead::enter);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "refused without waiting");
        }
    }

    @Nested
    class Waiting {
        @Test
        void aWaitingCallerGetsThePlaceFreedWithinMaxWait() throws Exception {
            Bulkhead bulkhead = new Bulkhead("db", 1, Duration.ofSeconds(5));
            Bulkhead.Permit held = bulkhead.enter();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Bulkhead.Permit> waiter = pool.submit(bulkhead::enter);
                Thread.sleep(20);
                held.close();
                waiter.get(5, TimeUnit.SECONDS).close();
            }
            assertEquals(0, bulkhead.inUse());
        }

        @Test
        void aWaitingCallerIsRefusedAfterMaxWait() throws Exception {
            Bulkhead bulkhead = new Bulkhead("db", 1, Duration.ofMillis(50));
            try (Bulkhead.Permit held = bulkhead.enter()) {
                long start = System.nanoTime();
                assertThrows(BulkheadFullException.class, bulkhead::enter);
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
            }
        }

        @Test
        void anInterruptedWaiterStopsAndKeepsItsInterrupt() throws Exception {
            Bulkhead bulkhead = new Bulkhead("db", 1, Duration.ofMinutes(1));
            try (Bulkhead.Permit held = bulkhead.enter()) {
                Thread.currentThread().interrupt();
                assertThrows(InterruptedException.class, bulkhead::enter);
                assertEquals(1, bulkhead.inUse());
            }
        }

        @Test
        void twoThreadsNeverHoldMoreThanTheCapacity() throws Exception {
            Bulkhead bulkhead = new Bulkhead("db", 3, Duration.ZERO);
            java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(4)) {
                for (int t = 0; t < 4; t++) {
                    pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 20_000; i++) {
                            try {
                                bulkhead.call(() -> most.accumulateAndGet(now.incrementAndGet(), Math::max) + now.decrementAndGet());
                            } catch (BulkheadFullException refused) {
                                // expected now and then
                            }
                        }
                        return null;
                    });
                }
                go.countDown();
            }
            assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
            assertEquals(0, bulkhead.inUse());
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesABadConfigurationNamingTheParameterAndValue() {
            assertEquals("maxConcurrent must be in 1..1000000, not 0",
                    assertThrows(IllegalArgumentException.class, () -> new Bulkhead("x", 0, Duration.ZERO)).getMessage());
            assertEquals("maxConcurrent must be in 1..1000000, not 1000001",
                    assertThrows(IllegalArgumentException.class, () -> new Bulkhead("x", 1_000_001, Duration.ZERO)).getMessage());
            assertEquals("maxWait must be in 0s..PT1H, not PT-0.001S",
                    assertThrows(IllegalArgumentException.class, () -> new Bulkhead("x", 1, Duration.ofMillis(-1))).getMessage());
            assertEquals("maxWait must be in 0s..PT1H, not PT1H0.000000001S",
                    assertThrows(IllegalArgumentException.class, () -> new Bulkhead("x", 1, Duration.ofHours(1).plusNanos(1))).getMessage());
            assertEquals("maxWait must be in 0s..PT1H, not null",
                    assertThrows(IllegalArgumentException.class, () -> new Bulkhead("x", 1, null)).getMessage());
            assertEquals("name must not be blank",
                    assertThrows(IllegalArgumentException.class, () -> new Bulkhead(" ", 1, Duration.ZERO)).getMessage());
            assertEquals("name must not be blank",
                    assertThrows(IllegalArgumentException.class, () -> new Bulkhead(null, 1, Duration.ZERO)).getMessage());
            new Bulkhead("x", 1_000_000, Duration.ofHours(1));
        }
    }
}
