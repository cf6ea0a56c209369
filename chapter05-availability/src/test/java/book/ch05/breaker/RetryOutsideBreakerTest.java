package book.ch05.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import book.ch05.breaker.CircuitBreaker.State;
import book.ch05.time.ManualTicker;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where the retry loop goes: outside the breaker, so every attempt is counted and the loop
 * stops at the first rejection. (A few lines of retry here on purpose: chapter 3 has the
 * book's retry loop, and this chapter does not depend on it.)
 */
class RetryOutsideBreakerTest {

    final ManualTicker ticker = new ManualTicker();
    final AtomicInteger dependencyCalls = new AtomicInteger();
    final Callable<String> deadDependency = () -> {
        dependencyCalls.incrementAndGet();
        throw new IOException("Connection refused");
    };

    /** Up to {@code maxAttempts}, retrying I/O failures and nothing else: a rejection ends the loop. */
    static <T> T retry(int maxAttempts, Callable<T> attempt) throws Exception {
        for (int n = 1; ; n++) {
            try {
                return attempt.call();
            } catch (IOException e) {
                if (n == maxAttempts) {
                    throw e;
                }
            }
        }
    }

    CircuitBreaker breaker() {
        return CircuitBreaker.create(BreakerConfig.defaults("dep").withConsecutiveFailures(3), ticker::nanoTime);
    }

    @Test
    void retriesOutsideTheBreakerStopAtTheFirstRejection() {
        CircuitBreaker b = breaker();
        assertThrows(CallNotPermittedException.class, () -> retry(10, () -> b.execute(deadDependency)));
        assertEquals(3, dependencyCalls.get()); // attempts 1-3 reached it; attempt 4 was rejected and ended the loop
        assertEquals(State.OPEN, b.state());
        assertThrows(CallNotPermittedException.class, () -> retry(10, () -> b.execute(deadDependency)));
        assertEquals(3, dependencyCalls.get()); // the next request costs the dependency nothing
    }

    @Test
    void retriesInsideTheBreakerHideNineFailuresInTenFromIt() throws Exception {
        CircuitBreaker b = breaker();
        for (int request = 0; request < 3; request++) {
            assertThrows(IOException.class, () -> b.execute(() -> retry(10, deadDependency)));
        }
        assertEquals(30, dependencyCalls.get()); // the breaker counted 3 failures; the dependency took 30 calls
        assertEquals(State.OPEN, b.state());
    }
}
