package book.ch04.overload;

import book.ch04.shedding.SheddingQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Open-loop load (Poisson arrivals, seeded) against a server with a fixed number of workers,
 * whose clients give up after a timeout. Goodput counts answers that reached a client still
 * waiting; an answer after the timeout is work the server did for nobody. Two queues in front
 * of the workers, each bounded at the same capacity:
 * <ul>
 * <li>FIFO: serves everyone in arrival order, however long they waited;</li>
 * <li>shedding: the chapter's {@link SheddingQueue} (queue-time limit, adaptive LIFO with a
 *     CoDel-style target); what it sheds is answered at once (503) and costs nothing here.</li>
 * </ul>
 */
final class GoodputSimulation {

    /** One offered load's outcome. */
    record Result(double offeredPerSecond, double goodputPerSecond, double latePerSecond, double shedPerSecond) {}

    /** The queue capacity of both servers. */
    static final int QUEUE_CAPACITY = SheddingQueue.DEFAULT_CAPACITY;

    private record Request(long arrivedNanos) {}

    private final VirtualClock clock = new VirtualClock();
    private final int workers;
    private final ServiceTime serviceTime;
    private final long timeoutNanos;
    private final SplittableRandom arrivals;
    private final ArrayDeque<Request> fifo = new ArrayDeque<>();
    private final SheddingQueue<Request> shedding;
    private final PriorityQueue<long[]> completions = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private int busy;
    private long good;
    private long late;
    private long shed;

    private GoodputSimulation(int workers, Duration serviceTime, Duration clientTimeout, boolean shedding, long seed) {
        this.workers = workers;
        this.serviceTime = new ServiceTime(serviceTime, seed);
        this.timeoutNanos = clientTimeout.toNanos();
        this.arrivals = new SplittableRandom(seed + 1);
        this.shedding = shedding
                ? new SheddingQueue<>(QUEUE_CAPACITY, SheddingQueue.DEFAULT_MAX_QUEUE_TIME, SheddingQueue.DEFAULT_TARGET,
                        SheddingQueue.DEFAULT_INTERVAL, clock, r -> shed++)
                : null;
    }

    /** Requests a second the server can serve: workers / mean service time. */
    static double capacityPerSecond(int workers, Duration serviceTime) {
        return workers * 1e9 / serviceTime.toNanos();
    }

    static Result run(double offeredPerSecond, int workers, Duration serviceTime, Duration clientTimeout,
                      Duration length, boolean shedding, long seed) {
        return new GoodputSimulation(workers, serviceTime, clientTimeout, shedding, seed).run(offeredPerSecond, length);
    }

    private Result run(double offeredPerSecond, Duration length) {
        long start = clock.now();
        long end = start + length.toNanos();
        double meanGapNanos = 1e9 / offeredPerSecond;
        long nextArrival = start + gap(meanGapNanos);
        while (true) {
            long[] next = completions.peek();
            long at = next == null ? nextArrival : Math.min(nextArrival, next[0]);
            if (at - end >= 0) {
                break;
            }
            clock.advanceTo(at);
            if (next != null && next[0] == at) {
                completions.poll();
                busy--;
                if (at - next[1] <= timeoutNanos) {
                    good++;
                } else {
                    late++;                            // served, but the client had gone
                }
            } else {
                arrive(new Request(at));
                nextArrival = at + gap(meanGapNanos);
            }
            startWaiting();
        }
        double seconds = length.toNanos() / 1e9;
        return new Result(offeredPerSecond, good / seconds, late / seconds, shed / seconds);
    }

    private void arrive(Request r) {
        boolean queued = shedding != null ? shedding.offer(r) : fifo.size() < QUEUE_CAPACITY && fifo.add(r);
        if (!queued) {
            shed++;                                   // the queue is full: refused at once
        }
    }

    private void startWaiting() {
        while (busy < workers) {
            Request r = shedding != null ? shedding.poll() : fifo.pollFirst();
            if (r == null) {
                return;
            }
            busy++;
            completions.add(new long[] {clock.now() + serviceTime.nextNanos(), r.arrivedNanos});
        }
    }

    private long gap(double meanNanos) {
        return Math.max(1, (long) (-Math.log(1 - arrivals.nextDouble()) * meanNanos));
    }
}
