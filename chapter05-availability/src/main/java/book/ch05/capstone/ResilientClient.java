package book.ch05.capstone;

import book.ch05.breaker.CallNotPermittedException;
import book.ch05.hedge.RetryBudget;
import book.ch05.health.OutlierDetector;
import book.ch05.metrics.Counter;
import book.ch05.metrics.Histogram;
import book.ch05.metrics.MetricRegistry;
import book.ch05.replica.ReplicaClient;
import book.ch05.time.Ticker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * The book's client with everything on: one deadline per request; an idempotency key, so any
 * attempt may go to any replica; attempts with a per-attempt timeout cut to the time left;
 * retries on another replica, paid from a budget shared with hedges; a hedge to a second replica
 * when the first has not answered by the hedge delay, the loser cancelled by closing its socket;
 * replicas chosen by least outstanding requests among those the health view and each replica's
 * circuit breaker allow; and metrics.
 *
 * <p>With {@link Mode#NAIVE} it is the client most services start with, for contrast: round robin
 * over every replica, no key, one immediate retry, nothing else.
 */
public final class ResilientClient {

    /** Everything on, or the naive client for contrast. */
    public enum Mode { RESILIENT, NAIVE }

    /** What one logical request ended with. */
    record Result(boolean ok, int attempts, String why) {}

    private record Attempt(int host, ReplicaClient.Response response, Exception failure) {}

    static final Duration DEADLINE = Duration.ofSeconds(5);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration HEDGE_DELAY = Duration.ofMillis(60);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(200);
    static final int MAX_ATTEMPTS = 6;
    /** The shortest wait when every breaker is open, so a refused probe place is not spun on. */
    static final long MIN_WAIT = Duration.ofMillis(5).toNanos();
    /** Retries and hedges together may add 20 % of the requests, plus a reserve of 50. */
    static final double BUDGET_RATIO = 0.2;
    static final int BUDGET_TOKENS = 50;

    private final Mode mode;
    private final int size;
    private final IntFunction<InetSocketAddress> addresses;
    private final ReplicaHealth health;
    private final ReplicaBreakers breakers;
    private final Ticker ticker;
    private final AtomicIntegerArray outstanding;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final RetryBudget budget = new RetryBudget(BUDGET_RATIO, BUDGET_TOKENS);
    private final Counter ok;
    private final Counter lost;
    private final Counter firstAttempts;
    private final Counter retries;
    private final Counter hedges;
    private final Histogram latency;

    ResilientClient(Mode mode, int size, IntFunction<InetSocketAddress> addresses, ReplicaHealth health,
                    ReplicaBreakers breakers, Ticker ticker, MetricRegistry metrics) {
        this.mode = mode;
        this.size = size;
        this.addresses = addresses;
        this.health = health;
        this.breakers = breakers;
        this.ticker = ticker;
        this.outstanding = new AtomicIntegerArray(size);
        var requests = metrics.counter("capstone_requests_total", "Logical requests, by outcome.", "outcome");
        this.ok = requests.labels("ok");
        this.lost = requests.labels("lost");
        var attempts = metrics.counter("capstone_attempts_total", "Attempts sent, by kind.", "kind");
        this.firstAttempts = attempts.labels("first");
        this.retries = attempts.labels("retry");
        this.hedges = attempts.labels("hedge");
        this.latency = metrics.histogram("capstone_request_duration_seconds", "Logical request latency.",
                new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}).get();
    }

    /** Sends one logical request (a POST with an effect); never throws for a network failure. */
    Result send(String requestId) throws InterruptedException {
        long start = ticker.nanoTime();
        budget.onRequest();
        Result r = mode == Mode.NAIVE ? naive(requestId) : resilient(requestId, start);
        latency.observeNanos(ticker.nanoTime() - start);
        (r.ok() ? ok : lost).inc();
        return r;
    }

    private Result naive(String requestId) {
        Map<String, String> headers = Map.of("X-Client-Id", "capstone", "X-Request-Id", requestId);
        for (int attempt = 1; attempt <= 2; attempt++) {
            int host = Math.floorMod(roundRobin.getAndIncrement(), size);
            (attempt == 1 ? firstAttempts : retries).inc();
            try {
                var answer = new ReplicaClient(CONNECT_TIMEOUT, ATTEMPT_TIMEOUT)
                        .send(addresses.apply(host), "POST", "/order", headers, "one order");
                if (answer.status() == 200) {
                    return new Result(true, attempt, "ok");
                }
            } catch (IOException e) {
                // the naive client retries once, whatever happened, without a key
            }
        }
        return new Result(false, 2, "failed twice");
    }

    // tag::resilient[]
    private Result resilient(String requestId, long start) throws InterruptedException {
        // The request's own id doubles as its idempotency key: every attempt is the same request.
        Map<String, String> headers = Map.of("X-Client-Id", "capstone", "X-Request-Id", requestId,
                "Idempotency-Key", requestId);
        long deadline = start + DEADLINE.toNanos();
        BlockingQueue<Attempt> answers = new ArrayBlockingQueue<>(MAX_ATTEMPTS);
        Thread[] running = new Thread[MAX_ATTEMPTS];
        int sent = 0;
        int pending = 0;
        int lastHost = -1;
        int refused = 0;                                      // replicas whose breaker refused this request
        boolean paid = false;                                 // the retry's token, kept across a refusal
        try {
            while (true) {
                long left = deadline - ticker.nanoTime();
                if (left <= 0) {
                    return new Result(false, sent, "deadline");
                }
                if (pending == 0) {                           // nothing in flight: start an attempt
                    int host = pick(lastHost, refused);
                    if (host < 0) {                           // every breaker open: wait for the first probe
                        Thread.sleep(Duration.ofNanos(Math.min(left, Math.max(breakers.nanosUntilProbe(), MIN_WAIT))));
                        refused = 0;
                        continue;
                    }
                    if (sent > 0 && !paid) {
                        if (!budget.tryWithdraw()) {
                            return new Result(false, sent, "retry budget spent");
                        }
                        paid = true;
                    }
                    Thread t = launch(host, headers, left, answers);
                    if (t == null) {                          // its breaker refused, nothing sent: pick again
                        refused |= 1 << host;
                        continue;
                    }
                    paid = false;
                    (sent == 0 ? firstAttempts : retries).inc();
                    running[sent++] = t;
                    pending++;
                    lastHost = host;
                }
                // Wait for an answer; the first attempt waits only the hedge delay.
                long wait = pending == 1 && sent < MAX_ATTEMPTS ? Math.min(left, HEDGE_DELAY.toNanos()) : left;
                Attempt a = answers.poll(wait, TimeUnit.NANOSECONDS);
                if (a == null) {
                    int host = pending == 1 && sent < MAX_ATTEMPTS ? pick(lastHost, refused) : -1;
                    if (host >= 0 && host != lastHost && hedgeAllowed()) { // slow: hedge elsewhere
                        Thread t = launch(host, headers, deadline - ticker.nanoTime(), answers);
                        if (t == null) {
                            refused |= 1 << host;
                        } else {
                            hedges.inc();
                            running[sent++] = t;
                            pending++;
                            lastHost = host;
                        }
                    }
                    continue;
                }
                pending--;
                if (a.response() != null && a.response().status() == 200) {
                    return new Result(true, sent, "ok");
                }
                if (sent >= MAX_ATTEMPTS && pending == 0) {
                    return new Result(false, sent, "attempts spent");
                }
                // Keyed, so 503, a timeout, a reset or garbage may all be tried again elsewhere.
            }
        } finally {
            for (Thread t : running) {
                if (t != null) {
                    t.interrupt(); // a virtual thread blocked on a socket closes it: the replica sees the abandon
                }
            }
        }
    }
    // end::resilient[]

    /**
     * Starts an attempt on a virtual thread, through the replica's breaker, and returns the
     * thread once the breaker has admitted it; returns null, having sent nothing, when the
     * breaker refused (half-open with every probe place taken).
     */
    private Thread launch(int host, Map<String, String> headers, long leftNanos, BlockingQueue<Attempt> answers)
            throws InterruptedException {
        long timeoutMillis = Math.max(1, Math.min(ATTEMPT_TIMEOUT.toMillis(), leftNanos / 1_000_000));
        BlockingQueue<Boolean> admitted = new ArrayBlockingQueue<>(2);
        outstanding.incrementAndGet(host);
        Thread thread = Thread.ofVirtual().start(() -> {
            Attempt result;
            try {
                var client = new ReplicaClient(CONNECT_TIMEOUT, Duration.ofMillis(timeoutMillis));
                var response = breakers.call(host, () -> {
                    admitted.offer(true);
                    return client.send(addresses.apply(host), "POST", "/order", headers, "one order");
                });
                health.record(host, OutlierDetector.Outcome.ofStatus(response.status()));
                result = new Attempt(host, response, null);
            } catch (CallNotPermittedException refused) {
                return;
            } catch (ConnectException e) {
                health.record(host, OutlierDetector.Outcome.CONNECT_FAILURE);
                result = new Attempt(host, null, e);
            } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted()) { // a cancelled hedge is not the replica's fault
                    health.record(host, e instanceof java.net.SocketTimeoutException
                            ? OutlierDetector.Outcome.TIMEOUT : OutlierDetector.Outcome.SERVER_ERROR);
                }
                result = new Attempt(host, null, e);
            } finally {
                outstanding.decrementAndGet(host);
                admitted.offer(false); // refused, or failed before the breaker ran: no-op once admitted
            }
            answers.offer(result);
        });
        return admitted.take() ? thread : null;
    }

    /** A hedge is optional: it may not spend the last half of the budget, which retries need. */
    private boolean hedgeAllowed() {
        return budget.tokens() >= BUDGET_TOKENS / 2.0 + 1 && budget.tryWithdraw();
    }

    /**
     * The usable replica with the fewest requests outstanding, preferring one other than
     * {@code avoid}; never one whose breaker is open. When health rules out every replica the
     * breakers allow, it falls back to those (health may be wrong; an open breaker has just seen
     * the failures). Skips the replicas in the {@code refused} bit set; -1 when none is left.
     */
    private int pick(int avoid, int refused) {
        int best = -1;
        for (int pass = 0; pass < 2 && best < 0; pass++) {
            int offset = Math.floorMod(roundRobin.getAndIncrement(), size); // ties go round
            for (int k = 0; k < size; k++) {
                int h = (offset + k) % size;
                boolean allowed = (refused & 1 << h) == 0 && breakers.mayPick(h)
                        && (pass == 1 || (h != avoid && health.usable(h)));
                if (allowed && (best < 0 || outstanding.get(h) < outstanding.get(best))) {
                    best = h;
                }
            }
        }
        return best;
    }
}
