package book.ch04.shedding;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Lets {@code workers} requests through at once, queues a few, answers the rest 503 at once.
 *
 * Take it with you: load shedding for the JDK's HTTP server (SheddingFilter.java with
 * SheddingQueue.java; JDK only: java.base and jdk.httpserver).
 *
 * What it does: at most `workers` requests run the handlers at once; the next ones wait in a
 * SheddingQueue (bounded, with a queue-time limit, adaptive LIFO under a standing queue). A
 * request refused by a full queue, or shed because it waited too long, is answered
 * 503 Service Unavailable with Retry-After: 1 and no body, at once, without running a handler.
 * Why: a server that queues without limit serves, under overload, only requests whose clients
 * have already given up (see the chapter's adaptive-limit program: goodput falls to a tenth).
 * Defaults: none of its own beyond SheddingQueue's; choose `workers` for what the handlers
 * can do at once (a database pool's size, the CPUs for CPU-bound work).
 * Limits: workers 1..100,000. A waiting request holds a (virtual) thread of the server's
 * executor: give the server a virtual-thread executor. Every wait is bounded by the queue's
 * maxQueueTime, even if no handler ever finishes.
 * Specified by: SheddingFilterTest.
 */
public final class SheddingFilter extends Filter {

    private static final int WAITING = 0;
    private static final int ADMITTED = 1;
    private static final int SHED = 2;
    private static final int GAVE_UP = 3;

    /** One request waiting for a worker; exactly one of admit, shed, give up wins. */
    private static final class Waiter {
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final CountDownLatch decided = new CountDownLatch(1);

        boolean settle(int outcome) {
            if (state.compareAndSet(WAITING, outcome)) {
                decided.countDown();
                return true;
            }
            return false;
        }
    }

    private final int workers;
    private final long maxWaitNanos;
    private final SheddingQueue<Waiter> queue;
    private int busy;                              // guarded by this
    private final LongAdder served = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    public SheddingFilter(int workers, int queueCapacity, Duration maxQueueTime, Duration target, Duration interval,
                          LongSupplier nanoTime) {
        if (workers < 1 || workers > 100_000) {
            throw new IllegalArgumentException("workers must be in 1..100000, not " + workers);
        }
        this.workers = workers;
        this.queue = new SheddingQueue<>(queueCapacity, maxQueueTime, target, interval, nanoTime, w -> w.settle(SHED));
        this.maxWaitNanos = maxQueueTime.toNanos();
    }

    // tag::shed[]
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (!admit()) {
            rejected.increment();
            try (exchange) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(503, -1);   // cheap: no handler, no body
            }
            return;
        }
        try {
            served.increment();
            chain.doFilter(exchange);
        } finally {
            leave();
        }
    }

    /** True when a worker is ours; false when the queue refused us or we waited too long. */
    private boolean admit() {
        Waiter waiter;
        synchronized (this) {
            if (busy < workers) {
                busy++;
                return true;
            }
            waiter = new Waiter();
            if (!queue.offer(waiter)) {
                return false;                             // full: refuse now
            }
        }
        try {
            waiter.decided.await(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Whoever settles first wins: a worker handing over its place, the queue shedding us,
        // or we giving up after maxQueueTime (then a worker that polls us later moves on).
        return !waiter.settle(GAVE_UP) && waiter.state.get() == ADMITTED;
    }

    /** Hands our worker to the next waiter the queue picks (newest first under overload). */
    private synchronized void leave() {
        Waiter next;
        while ((next = queue.poll()) != null) {
            if (next.settle(ADMITTED)) {
                return;                                   // the place passes on; busy unchanged
            }
        }
        busy--;
    }
    // end::shed[]

    /** Requests that ran a handler. */
    public long served() {
        return served.sum();
    }

    /** Requests answered 503: refused by a full queue or shed after waiting too long. */
    public long rejected() {
        return rejected.sum();
    }

    /** Requests waiting for a worker now (may include some that already gave up). */
    public int queued() {
        return queue.size();
    }

    @Override
    public String description() {
        return "sheds load: " + workers + " at once, a bounded queue with a queue-time limit, 503 for the rest";
    }
}
