package book.ch04.bulkhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ThreadBulkheadTest {

    /** Polls a condition that another thread makes true; bounded by the test's timeout. */
    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(1);
        }
    }

    @Nested
    class Capacity {
        @Test
        void runsAtMostItsThreadsQueuesAtMostItsQueueAndRefusesTheRest() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            try (ThreadBulkhead bulkhead = new ThreadBulkhead("dep", 2, 1, true)) {
                Future<?> a = bulkhead.submit(() -> release.await(5, TimeUnit.SECONDS));
                Future<?> b = bulkhead.submit(() -> release.await(5, TimeUnit.SECONDS));
                await(() -> bulkhead.running() == 2);
                Future<?> queued = bulkhead.submit(() -> "queued");
                assertEquals(1, bulkhead.queued());
                var e = assertThrows(BulkheadFullException.class, () -> bulkhead.submit(() -> "one too many"));
                assertEquals("bulkhead 'dep' is full (2)", e.getMessage());
                release.countDown();
                a.get();
                b.get();
                assertEquals("queued", queued.get());
            }
        }

        @Test
        void aCallCancelledWhileQueuedGivesItsPlaceBackAndNeverRuns() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean ran = new AtomicBoolean();
            try (ThreadBulkhead bulkhead = new ThreadBulkhead("dep", 1, 1, true)) {
                Future<?> running = bulkhead.submit(() -> release.await(5, TimeUnit.SECONDS));
                Future<?> queued = bulkhead.submit(() -> ran.getAndSet(true));
                assertEquals(2, bulkhead.taken());
                queued.cancel(true);
                assertEquals(1, bulkhead.taken(), "the queued call's place is back at once");
                Future<?> again = bulkhead.submit(() -> "again");
                release.countDown();
                running.get();
                assertEquals("again", again.get());
                assertTrue(!ran.get(), "a cancelled queued call never runs");
                assertEquals(0, bulkhead.taken());
            }
        }

        @Test
        void aQueueOfZeroHandsOffOrRefuses() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            try (ThreadBulkhead bulkhead = new ThreadBulkhead("dep", 1, 0, false)) {
                Future<?> a = bulkhead.submit(() -> release.await(5, TimeUnit.SECONDS));
                await(() -> bulkhead.running() == 1);
                assertThrows(BulkheadFullException.class, () -> bulkhead.submit(() -> "no queue"));
                release.countDown();
                a.get();
            }
        }

        @Test
        void theDefaultsAreTenVirtualThreadsAndAQueueOfTen() throws Exception {
            try (ThreadBulkhead bulkhead = ThreadBulkhead.ofDefaults("dep")) {
                assertEquals("dep", bulkhead.name());
                CountDownLatch release = new CountDownLatch(1);
                Future<Boolean> first = bulkhead.submit(() -> release.await(5, TimeUnit.SECONDS) && Thread.currentThread().isVirtual());
                for (int i = 1; i < ThreadBulkhead.DEFAULT_THREADS + ThreadBulkhead.DEFAULT_QUEUE_CAPACITY; i++) {
                    bulkhead.submit(() -> release.await(5, TimeUnit.SECONDS));
                }
                assertEquals(20, bulkhead.taken());
                assertThrows(BulkheadFullException.class, () -> bulkhead.submit(() -> "21st"));
                release.countDown();
                assertTrue(first.get());
            }
        }
    }

    @Nested
    class ThePlaceFollowsTheCall {
        @Test
        void aCallerThatStopsWaitingDoesNotFreeThePlace() throws Exception {
            CountDownLatch ioEnds = new CountDownLatch(1);
            try (ThreadBulkhead bulkhead = new ThreadBulkhead("dep", 1, 0, true)) {
                Future<?> call = bulkhead.submit(() -> ioEnds.await(5, TimeUnit.SECONDS));
                await(() -> bulkhead.running() == 1);
                assertThrows(TimeoutException.class, () -> call.get(20, TimeUnit.MILLISECONDS));
                assertEquals(1, bulkhead.running(), "the caller gave up; the call did not");
                assertEquals(1, bulkhead.taken());
                assertThrows(BulkheadFullException.class, () -> bulkhead.submit(() -> "next"));
                ioEnds.countDown();
                call.get();
                await(() -> bulkhead.taken() == 0);
                assertEquals("next", bulkhead.submit(() -> "next").get());
            }
        }

        @Test
        void cancellingTheCallInterruptsItAndFreesThePlaceWhenItHasEnded() throws Exception {
            AtomicBoolean interrupted = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            try (ThreadBulkhead bulkhead = new ThreadBulkhead("dep", 1, 0, true)) {
                Future<?> call = bulkhead.submit(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(TimeUnit.MINUTES.toMillis(1));
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
                started.await();
                call.cancel(true);
                assertThrows(CancellationException.class, call::get);
                await(() -> bulkhead.taken() == 0);
                assertTrue(interrupted.get());
                assertEquals("next", bulkhead.submit(() -> "next").get());
            }
        }

        @Test
        void closingInterruptsRunningCallsAndWaitsForThem() throws Exception {
            AtomicBoolean ended = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            ThreadBulkhead bulkhead = new ThreadBulkhead("dep", 1, 0, true);
            bulkhead.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(1));
                } finally {
                    ended.set(true);
                }
                return null;
            });
            started.await();
            bulkhead.close();
            assertTrue(ended.get());
            assertEquals(0, bulkhead.running());
            assertEquals(0, bulkhead.taken());
            assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> bulkhead.submit(() -> "after close"));
            assertEquals(0, bulkhead.taken(), "a refused submit after close keeps no place");
        }
    }

    @Nested
    class Validation {
        @Test
        void refusesABadConfigurationNamingTheParameterAndValue() {
            assertEquals("threads must be in 1..10000, not 0",
                    assertThrows(IllegalArgumentException.class, () -> new ThreadBulkhead("x", 0, 1, true)).getMessage());
            assertEquals("threads must be in 1..10000, not 10001",
                    assertThrows(IllegalArgumentException.class, () -> new ThreadBulkhead("x", 10_001, 1, true)).getMessage());
            assertEquals("queueCapacity must be in 0..100000, not -1",
                    assertThrows(IllegalArgumentException.class, () -> new ThreadBulkhead("x", 1, -1, true)).getMessage());
            assertEquals("queueCapacity must be in 0..100000, not 100001",
                    assertThrows(IllegalArgumentException.class, () -> new ThreadBulkhead("x", 1, 100_001, true)).getMessage());
            assertEquals("name must not be blank",
                    assertThrows(IllegalArgumentException.class, () -> new ThreadBulkhead("", 1, 1, true)).getMessage());
            assertEquals("name must not be blank",
                    assertThrows(IllegalArgumentException.class, () -> new ThreadBulkhead(null, 1, 1, true)).getMessage());
            new ThreadBulkhead("x", 10_000, 100_000, true).close();
        }
    }
}
