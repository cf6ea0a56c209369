package book.ch03.budget;

import book.ch03.backoff.Backoff;
import book.ch03.retry.Retry;
import book.ch03.retry.RetryGate;
import book.ch03.retry.RetryListener;
import book.ch03.retry.RetryPolicy;
import book.ch03.retry.Ticker;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Measures how retries multiply the load on a dead backend when services are stacked:
 * a front end calls a middle tier that calls a data tier that calls the backend, and each
 * layer retries. On simulated time (no sleeping), so the numbers are exact and instant.
 */
public final class Amplification {

    /** The backend's answer during the outage; no stack trace, there are millions of them. */
    static final class BackendDown extends Exception {
        BackendDown() {
            super("backend down", null, false, false);
        }
    }

    /** A clock the measurement moves by hand. */
    private static final class SimulatedClock implements Ticker {
        private long millis;

        @Override
        public long nanoTime() {
            return millis * 1_000_000;
        }
    }

    private Amplification() {
    }

    // tag::amplification[]
    /**
     * Backend calls per top-level request, with {@code layers} stacked services each making up
     * to {@code attempts} attempts, while the backend fails everything.
     *
     * @param gate the retry gate of each layer, made from the clock (RetryGate.UNLIMITED: no budget)
     */
    public static double callsPerRequest(int layers, int attempts, Function<Ticker, RetryGate> gate,
                                         int requests, int requestsPerSecond) throws Exception {
        SimulatedClock clock = new SimulatedClock();
        long[] backendCalls = {0};
        Callable<String> call = () -> {
            backendCalls[0]++;
            throw new BackendDown();
        };
        RetryPolicy<String> policy = RetryPolicy.<String>builder().maxAttempts(attempts)
                .backoff(Backoff.none()).retryOnFailure(e -> e instanceof BackendDown).build();
        for (int layer = 0; layer < layers; layer++) {
            Retry<String> retry = Retry.of(policy, clock, ms -> clock.millis += ms, new SplittableRandom(layer),
                    RetryListener.NONE, gate.apply(clock));
            Callable<String> below = call;
            call = () -> retry.call(below);
        }
        for (int i = 0; i < requests; i++) {
            clock.millis = (long) i * 1_000 / requestsPerSecond;
            try {
                call.call();
            } catch (BackendDown expected) {
                // the outage reaches the user either way; the question is how hard we hit the backend
            }
        }
        return (double) backendCalls[0] / requests;
    }
    // end::amplification[]
}
