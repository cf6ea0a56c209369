package book.ch04.bulkhead;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of threads with a bounded queue in front of one dependency.
 *
 * Take it with you: the thread bulkhead (ThreadBulkhead.java, BulkheadFullException.java; JDK only).
 *
 * What it does: runs calls to one dependency on at most `threads` worker threads (virtual by
 * default), with at most `queueCapacity` calls waiting; the next is refused with
 * BulkheadFullException at once. The caller gets a Future and may stop waiting whenever it
 * likes (Future.get with a timeout): the worker, and so the bulkhead's place, stays taken until
 * the call has really ended. To end it early, cancel(true): on a virtual thread, interrupting a
 * blocking socket read or write closes the socket (JDK 21+), so the I/O stops at once and the
 * place is freed when the task has unwound.
 * Defaults: 10 threads, a queue of 10.
 * Limits: threads 1..10,000; queue 0..100,000 (0: no waiting beyond the threads). Platform threads
 * may be asked for instead, for code that pins a carrier (synchronized around I/O on JDK 21-23).
 * Specified by: ThreadBulkheadTest, BulkheadLoopbackTest.
 */
public final class ThreadBulkhead implements AutoCloseable {

    public static final int DEFAULT_THREADS = 10;
    public static final int DEFAULT_QUEUE_CAPACITY = 10;
    public static final int MAX_THREADS = 10_000;
    public static final int MAX_QUEUE_CAPACITY = 100_000;

    private final String name;
    private final int threads;
    private final int queueCapacity;
    private final ExecutorService workers;
    // Places = threads + queue. Taken before a call is queued, given back when the call has
    // ended (or was cancelled before it started): the count follows the call, not the caller.
    private final Semaphore places;
    private final AtomicInteger running = new AtomicInteger();

    public ThreadBulkhead(String name, int threads, int queueCapacity, boolean virtual) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in 1.." + MAX_THREADS + ", not " + threads);
        }
        if (queueCapacity < 0 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queueCapacity must be in 0.." + MAX_QUEUE_CAPACITY + ", not " + queueCapacity);
        }
        this.name = name;
        this.threads = threads;
        this.queueCapacity = queueCapacity;
        this.places = new Semaphore(threads + queueCapacity);
        var factory = (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true)).name(name + "-", 0).factory();
        // The pool's own queue is unbounded: `places` bounds it, exactly.
        this.workers = Executors.newFixedThreadPool(threads, factory);
    }

    /** 10 virtual threads, a queue of 10. */
    public static ThreadBulkhead ofDefaults(String name) {
        return new ThreadBulkhead(name, DEFAULT_THREADS, DEFAULT_QUEUE_CAPACITY, true);
    }

    // tag::submit[]
    /**
     * Queues {@code call} or refuses it at once. The returned Future's get(timeout) bounds the
     * caller's wait, not the call: cancel(true) it to stop the I/O too.
     */
    public <T> Future<T> submit(Callable<T> call) {
        if (!places.tryAcquire()) {
            throw new BulkheadFullException(name, threads);
        }
        PlaceHolding<T> task = new PlaceHolding<>(call);
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {       // closed
            task.cancel(false);
            throw e;
        }
        return task;
    }

    /** A call that gives its place back exactly once: when it ends, or if cancelled before it ran. */
    private final class PlaceHolding<T> extends FutureTask<T> {
        private final AtomicInteger state = new AtomicInteger(); // 0 queued, 1 started, 2 given back

        PlaceHolding(Callable<T> call) {
            super(() -> call.call());
        }

        @Override
        public void run() {
            if (!state.compareAndSet(0, 1)) {
                return;                                  // cancelled while queued
            }
            running.incrementAndGet();
            try {
                super.run();
            } finally {
                running.decrementAndGet();
                state.set(2);
                places.release();                       // the I/O has ended: now the place is free
            }
        }

        @Override
        protected void done() {
            // Called at once by cancel(), even while the call still runs: only a call that
            // never started may give its place back here.
            if (state.compareAndSet(0, 2)) {
                places.release();
            }
        }
    }
    // end::submit[]

    /** Calls running on a worker now. */
    public int running() {
        return running.get();
    }

    /** Calls waiting for a worker. */
    public int queued() {
        return Math.max(0, taken() - running.get());
    }

    /** Places taken: calls running or waiting. */
    public int taken() {
        return threads + queueCapacity - places.availablePermits();
    }

    public String name() {
        return name;
    }

    /** Interrupts every running call (closing its sockets on virtual threads) and waits for the workers. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(Duration.ofSeconds(10).toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("bulkhead '" + name + "': a call ignored its interrupt for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
