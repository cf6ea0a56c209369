package book.ch05.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.breaker.CircuitBreaker.State;
import book.ch05.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The moments many threads meet the breaker at once: it opens once, and half-open lets exactly its probes through. */
@Timeout(20)
class BreakerRacesTest {

    final ManualTicker ticker = new ManualTicker();
    final List<Transition> events = new CopyOnWriteArrayList<>();

    @RepeatedTest(10)
    void sixtyFourFailuresAtTheMomentItOpensOpenItOnceAndEveryCallerGetsItsOwnFailure() throws Exception {
        CircuitBreaker b = CircuitBreaker.create(BreakerConfig.defaults("dep"), ticker::nanoTime).onTransition(events::add);
        int threads = 64;
        CountDownLatch allAdmitted = new CountDownLatch(threads);
        AtomicInteger sawOwnFailure = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                pool.execute(() -> {
                    try {
                        b.execute(() -> {
                            allAdmitted.countDown();
                            allAdmitted.await(); // every call is in flight before any fails
                            throw new IOException("Connection reset");
                        });
                    } catch (IOException e) {
                        sawOwnFailure.incrementAndGet();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
        }
        assertEquals(threads, sawOwnFailure.get());
        assertEquals(State.OPEN, b.state());
        assertEquals(1, events.size(), events.toString());
        assertEquals(State.OPEN, events.getFirst().to());
    }

    @ParameterizedTest(name = "{0} probe(s) permitted")
    @ValueSource(ints = {1, 3})
    void aHundredThreadsAtTheInstantTheOpenWaitExpiresRunExactlyThePermittedProbes(int probes) throws Exception {
        for (int round = 0; round < 10; round++) {
            events.clear();
            CircuitBreaker b = CircuitBreaker.create(BreakerConfig.defaults("dep").withHalfOpenProbes(probes, Duration.ofSeconds(30)),
                    ticker::nanoTime).onTransition(events::add);
            for (int i = 0; i < 5; i++) {
                try {
                    b.execute(() -> {
                        throw new IOException("Connection refused");
                    });
                } catch (IOException expected) {
                    // opening it
                }
            }
            ticker.advance(Duration.ofSeconds(60)); // the instant the wait expires
            int threads = 100;
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch decided = new CountDownLatch(threads); // ran into the dependency, or rejected
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < threads; i++) {
                    pool.execute(() -> {
                        try {
                            start.await();
                            b.execute(() -> {
                                ran.incrementAndGet();
                                decided.countDown();
                                release.await();
                                return "ok";
                            });
                        } catch (CallNotPermittedException e) {
                            rejected.incrementAndGet();
                            decided.countDown();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
                }
                start.countDown();
                assertTrue(decided.await(10, TimeUnit.SECONDS));
                assertEquals(probes, ran.get());
                assertEquals(threads - probes, rejected.get());
                assertEquals(State.HALF_OPEN, b.state());
                release.countDown();
            }
            assertEquals(State.CLOSED, b.state());
            assertEquals(List.of(State.OPEN, State.HALF_OPEN, State.CLOSED), events.stream().map(Transition::to).toList());
        }
    }
}
