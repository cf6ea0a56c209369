package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.Outlet;
import book.ch02.proxy.FaultChecks;
import book.ch02.proxy.Fault;
import book.ch02.proxy.Chunk;
import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;

/**
 * Delays every chunk by {@code latency} plus a random extra between zero and {@code jitter},
 * counted from the moment the chunk was read: what a long or busy path does to each packet.
 * It is a delay line, as Toxiproxy's {@code latency} toxic is: the pump hands each chunk over
 * and goes back to reading, and a thread of the line's own delivers it when it is due, so a
 * stream keeps its rate and only arrives later. (A pump that slept instead would add the
 * latency once per chunk: 100 ms on a stream of 8-byte messages every 10 ms made the tenth
 * message a second late.) Chunks leave in the order they came, as TCP delivers them; the
 * line holds at most {@link #MAX_BUFFERED_BYTES}, and a pump with more waits, so memory stays
 * bounded and TCP's flow control pushes back on the sender.
 *
 * <p>Toxiproxy's latency draws latency plus or minus jitter; here the jitter only adds, because
 * a real path never gets faster than its propagation delay, and so a test can rely on "at least
 * {@code latency}".
 *
 * @param latency the delay every chunk gets
 * @param jitter  the largest extra delay, drawn per chunk
 * @param seed    seeds the jitter, so that a run can be repeated exactly
 */
public record Latency(Duration latency, Duration jitter, long seed) implements Fault {

    /** The most bytes one direction of one connection holds in its delay line: 4 MiB. */
    public static final int MAX_BUFFERED_BYTES = 4 << 20;

    public Latency {
        FaultChecks.notNegative("latency", latency);
        FaultChecks.notNegative("jitter", jitter);
    }

    /** A fixed delay, no jitter. */
    public static Latency of(Duration latency) {
        return new Latency(latency, Duration.ZERO, 0);
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String toString() {
        return "latency(" + latency.toMillis() + " ms, jitter " + jitter.toMillis() + " ms, seed " + seed + ")";
    }

    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        return new Line(ticker, applied, new SplittableRandom(seed), latency.toNanos(), jitter.toNanos());
    }

    /** One direction's delay line: a queue of copied chunks, each with the time it is due. */
    // tag::latency[]
    static final class Line implements Toxic {
        private enum Kind { DATA, END, STOP }

        private record Entry(Kind kind, byte[] bytes, long readAtNanos, long dueNanos) {}

        private final Ticker ticker;
        private final Runnable applied;
        private final RandomGenerator random;
        private final long baseNanos;
        private final long jitterNanos;
        private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
        private final Semaphore room = new Semaphore(MAX_BUFFERED_BYTES);
        private Thread deliverer; // started with the first chunk, by the pump's thread

        Line(Ticker ticker, Runnable applied, RandomGenerator random, long baseNanos, long jitterNanos) {
            this.ticker = ticker;
            this.applied = applied;
            this.random = random;
            this.baseNanos = baseNanos;
            this.jitterNanos = jitterNanos;
        }

        @Override
        public void pass(Chunk chunk, Outlet next) throws InterruptedException {
            long delay = baseNanos + (jitterNanos == 0 ? 0 : random.nextLong(jitterNanos + 1));
            room.acquire(cost(chunk.length())); // a full line makes the pump wait: bounded memory
            byte[] copy = java.util.Arrays.copyOfRange(chunk.bytes(), chunk.offset(), chunk.offset() + chunk.length());
            // Due from the moment the bytes were read, not from now.
            enqueue(new Entry(Kind.DATA, copy, chunk.readAtNanos(), chunk.readAtNanos() + delay), next);
        }

        @Override
        public void end(Outlet next) {
            long now = ticker.nanoTime(); // the end of the stream is delayed like data
            enqueue(new Entry(Kind.END, new byte[0], now, now + baseNanos), next);
        }

        private void enqueue(Entry entry, Outlet next) {
            queue.add(entry);
            if (deliverer == null) {
                deliverer = Thread.ofVirtual().name("fault-proxy-latency").start(() -> deliver(next));
            }
        }

        /** Runs on the line's own thread: waits for each chunk's time, then sends it on. */
        private void deliver(Outlet next) {
            try {
                while (true) {
                    Entry e = queue.take();
                    if (e.kind() == Kind.STOP) {
                        return;
                    }
                    ticker.sleepUntil(e.dueNanos());
                    if (e.kind() == Kind.END) {
                        next.finish();
                        return;
                    }
                    applied.run();
                    next.send(new Chunk(e.bytes(), 0, e.bytes().length, e.readAtNanos()));
                    room.release(cost(e.bytes().length));
                }
            } catch (IOException e) {
                try {
                    next.reset("delivery after latency failed: " + e.getMessage());
                } catch (IOException ignored) {
                    // the connection is gone either way
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed: what is still queued is dropped with the connection
            }
        }

        private static int cost(int length) {
            return Math.min(length, MAX_BUFFERED_BYTES);
        }

        /** Delivers what is queued, in order, before a chain without this line takes over. */
        @Override
        public void retire() throws InterruptedException {
            if (deliverer != null) {
                queue.add(new Entry(Kind.STOP, new byte[0], 0, 0));
                deliverer.join();
            }
        }

        @Override
        public void close() {
            if (deliverer != null) {
                deliverer.interrupt();
            }
        }
    }
    // end::latency[]
}
