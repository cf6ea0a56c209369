package book.ch03.herd;

import book.ch03.backoff.Backoff;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The contention experiment of Marc Brooker's "Exponential Backoff And Jitter" (AWS
 * Architecture Blog, 2015), as a deterministic discrete-event simulation. N clients start
 * together and each wants to update one row once, with optimistic concurrency: read the
 * row's version, then write "version + 1 if the version is still what I read". A write that
 * finds a newer version fails; that client backs off and starts again with a fresh read.
 * Every message crosses a network whose one-way delay is |Normal(mean, sd)|.
 *
 * <p>No threads and no real time: the same seed gives the same numbers on any machine.
 */
public final class HerdSimulation {

    /** A bound on the work, so that a pathological strategy cannot loop for ever. */
    public static final long MAX_CALLS = 10_000_000;

    /** The network of the article: 10 ms one way, standard deviation 2 ms. */
    public record Network(double meanMillis, double sdMillis) {
        public static final Network ARTICLE = new Network(10, 2);

        double delay(SplittableRandom random) {
            return Math.abs(random.nextGaussian(meanMillis, sdMillis));
        }
    }

    /** What one run cost: writes sent (calls) and when the last client learned it had won. */
    public record Result(int clients, long calls, long completionMillis) {
    }

    private enum Kind { READ, WRITE }

    private record Event(double at, Kind kind, int client, long versionRead, int retries, long previousDelay) {
    }

    private HerdSimulation() {
    }

    // tag::simulate[]
    public static Result run(int clients, Backoff backoff, Network net, long seed) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, not " + clients);
        }
        SplittableRandom random = new SplittableRandom(seed);
        PriorityQueue<Event> events = new PriorityQueue<>(
                Comparator.comparingDouble(Event::at).thenComparingInt(Event::client));
        for (int c = 0; c < clients; c++) {            // everyone starts at once
            events.add(new Event(net.delay(random), Kind.READ, c, 0, 0, 0));
        }
        long version = 0;
        long calls = 0;
        double finished = 0;
        while (!events.isEmpty()) {
            Event e = events.poll();
            if (e.kind() == Kind.READ) {               // the reply travels back, the write travels out
                double writeAt = e.at() + net.delay(random) + net.delay(random);
                events.add(new Event(writeAt, Kind.WRITE, e.client(), version, e.retries(), e.previousDelay()));
            } else if (++calls > MAX_CALLS) {
                throw new IllegalStateException("no completion after " + MAX_CALLS + " writes");
            } else if (e.versionRead() == version) {   // nobody wrote since our read: we win
                version++;
                finished = Math.max(finished, e.at() + net.delay(random));
            } else {                                   // conflict: hear of it, back off, read again
                int retry = e.retries() + 1;
                long delay = backoff.delayMillis(retry, e.previousDelay(), random);
                double readAt = e.at() + net.delay(random) + delay + net.delay(random);
                events.add(new Event(readAt, Kind.READ, e.client(), 0, retry, delay));
            }
        }
        return new Result(clients, calls, Math.round(finished));
    }
    // end::simulate[]

    /** The mean over {@code runs} seeds (seed, seed + 1 ...), to smooth one unlucky draw. */
    public static Result mean(int clients, Backoff backoff, Network net, long seed, int runs) {
        long calls = 0;
        long time = 0;
        for (int r = 0; r < runs; r++) {
            Result one = run(clients, backoff, net, seed + r);
            calls += one.calls();
            time += one.completionMillis();
        }
        return new Result(clients, Math.round((double) calls / runs), Math.round((double) time / runs));
    }
}
