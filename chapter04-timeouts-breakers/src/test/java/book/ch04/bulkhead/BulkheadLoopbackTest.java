package book.ch04.bulkhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.fixture.SlowServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bulkheads against two real dependencies on loopback, one of them slow. */
@Timeout(30)
class BulkheadLoopbackTest {

    private SlowServer slow;
    private SlowServer healthy;
    private ExecutorService callers;

    @BeforeEach
    void start() {
        slow = SlowServer.start();
        healthy = SlowServer.start();
        slow.stall(true);                                  // reads every request, answers none
        callers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void stop() {
        slow.stall(false);
        callers.shutdownNow();
        slow.close();
        healthy.close();
    }

    /** Starts {@code n} calls to {@code server} through {@code bulkhead}; returns how many were refused. */
    private int flood(Bulkhead bulkhead, SlowServer server, int n, List<Future<Integer>> started) {
        int refused = 0;
        for (int i = 0; i < n; i++) {
            try {
                // tag::permit-follows-io[]
                Bulkhead.Permit permit = bulkhead.enter();       // refused here when full
                started.add(callers.submit(() -> {
                    try (permit) {                               // released where the I/O ends
                        return LoopbackGet.get(server.uri("/work"), 20_000);
                    }
                }));
                // end::permit-follows-io[]
            } catch (BulkheadFullException e) {
                refused++;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return refused;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(2);
        }
    }

    @Nested
    class Isolation {
        @Test
        void aSlowDependencyFillsItsOwnCompartmentAndTheHealthyOneKeepsAnswering() throws Exception {
            Bulkhead toSlow = new Bulkhead("slow", 4, Duration.ZERO);
            Bulkhead toHealthy = new Bulkhead("healthy", 4, Duration.ZERO);
            List<Future<Integer>> stuck = new ArrayList<>();
            assertEquals(16, flood(toSlow, slow, 20, stuck), "4 in, 16 refused at once");
            await(() -> slow.inFlight() == 4);
            for (int i = 0; i < 20; i++) {
                assertEquals(200, toHealthy.call(() -> LoopbackGet.get(healthy.uri("/work"), 5_000)));
            }
            assertEquals(4, toSlow.inUse());
            slow.stall(false);
            for (Future<Integer> f : stuck) {
                assertEquals(200, f.get());
            }
            assertEquals(0, toSlow.inUse());
        }

        @Test
        void oneSharedPoolLetsTheSlowDependencyStarveTheHealthyOne() throws Exception {
            Bulkhead shared = new Bulkhead("shared", 8, Duration.ZERO);
            List<Future<Integer>> stuck = new ArrayList<>();
            flood(shared, slow, 20, stuck);
            await(() -> slow.inFlight() == 8);
            assertThrows(BulkheadFullException.class, () -> shared.call(() -> LoopbackGet.get(healthy.uri("/work"), 5_000)));
            assertEquals(0, healthy.received(), "the healthy dependency never saw a request");
            slow.stall(false);
            for (Future<Integer> f : stuck) {
                f.get();
            }
        }
    }

    @Nested
    class ThePermitFollowsTheIo {
        @Test
        void aCallerThatTimesOutLeavesThePermitWithTheIoUntilTheIoEnds() throws Exception {
            Bulkhead bulkhead = new Bulkhead("slow", 2, Duration.ZERO);
            List<Future<Integer>> calls = new ArrayList<>();
            flood(bulkhead, slow, 2, calls);
            for (Future<Integer> call : calls) {
                assertThrows(TimeoutException.class, () -> call.get(50, TimeUnit.MILLISECONDS)); // the callers give up
            }
            assertEquals(2, bulkhead.inUse(), "the I/O goes on, so the permits stay taken");
            assertEquals(2, flood(bulkhead, slow, 2, calls), "and more callers are refused");
            await(() -> slow.inFlight() == 2);
            slow.stall(false);
            for (Future<Integer> call : calls) {
                call.get();
            }
            assertEquals(0, bulkhead.inUse());
            assertEquals(2, slow.received(), "never more than the bulkhead's 2 reached the dependency");
        }

        @Test
        void theTrapReleasingWhereTheCallerStopsWaitingLetsTheDependencyTakeMoreThanTheLimit() throws Exception {
            Bulkhead bulkhead = new Bulkhead("slow", 2, Duration.ZERO);
            AtomicInteger refused = new AtomicInteger();
            for (int i = 0; i < 6; i++) {
                try {
                    // WRONG: the caller's finally releases when the caller stops waiting.
                    bulkhead.call(() -> {
                        Future<Integer> io = callers.submit(() -> LoopbackGet.get(slow.uri("/work"), 20_000));
                        try {
                            return io.get(50, TimeUnit.MILLISECONDS);
                        } catch (TimeoutException e) {
                            return -1;                     // gave up; the I/O did not
                        }
                    });
                } catch (BulkheadFullException e) {
                    refused.incrementAndGet();
                }
            }
            await(() -> slow.inFlight() == 6);
            assertEquals(0, refused.get());
            assertEquals(0, bulkhead.inUse(), "the bulkhead believes nothing is running");
            assertEquals(6, slow.inFlight(), "while 6 requests, three times its limit, load the dependency");
        }

        @Test
        void cancellingTheCallClosesItsSocketAndFreesThePlaceOnlyThen() throws Exception {
            try (ThreadBulkhead bulkhead = new ThreadBulkhead("slow", 1, 0, true)) {
                Future<Integer> call = bulkhead.submit(() -> LoopbackGet.get(slow.uri("/work"), 20_000));
                await(() -> slow.inFlight() == 1);
                assertThrows(TimeoutException.class, () -> call.get(50, TimeUnit.MILLISECONDS));
                assertEquals(1, bulkhead.taken());
                call.cancel(true);                         // interrupting a virtual thread's socket read closes the socket
                assertThrows(CancellationException.class, call::get);
                assertTrue(slow.awaitAbandoned(1, Duration.ofSeconds(10)), "the server saw the close: the work stopped");
                await(() -> bulkhead.taken() == 0);
                assertEquals(0, slow.inFlight());
                assertEquals(0, slow.served());
            }
        }
    }
}
