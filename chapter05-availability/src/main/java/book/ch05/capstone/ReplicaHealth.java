package book.ch05.capstone;

import book.ch05.detect.FixedTimeoutDetector;
import book.ch05.health.OutlierDetector;
import book.ch05.replica.ReplicaClient;
import book.ch05.time.Ticker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Which replicas may take traffic, from two sources: heartbeats (a probe of {@code /heartbeat}
 * every interval, fed to a fixed-timeout detector; a refused connect proves the listener is gone
 * and marks the replica down at once), and the real traffic's outcomes (the outlier detector
 * ejects a replica that keeps failing requests, even one that answers its heartbeats; under
 * load it usually acts before two heartbeats are missed). The circuit breakers
 * ({@link ReplicaBreakers}) are the client's third view, kept apart from this one.
 * It also records when each replica was first seen down, to measure detection time.
 */
final class ReplicaHealth implements AutoCloseable {

    private final IntFunction<InetSocketAddress> addresses;
    private final int size;
    private final Duration interval;
    private final Ticker ticker;
    private final List<FixedTimeoutDetector> detectors = new ArrayList<>();
    private final OutlierDetector<Integer> outliers;
    private final AtomicLongArray refusedAt;      // 0: not refused since its last heartbeat
    private final AtomicLongArray downSince;      // 0: up
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean closed;

    ReplicaHealth(int size, IntFunction<InetSocketAddress> addresses, Duration interval, Ticker ticker) {
        this.size = size;
        this.addresses = addresses;
        this.interval = interval;
        this.ticker = ticker;
        this.refusedAt = new AtomicLongArray(size);
        this.downSince = new AtomicLongArray(size);
        List<Integer> hosts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // Two intervals without a beat: one late beat is tolerated, a dead replica is seen in two.
            detectors.add(new FixedTimeoutDetector(interval.multipliedBy(2), ticker));
            hosts.add(i);
        }
        // Three failures in a row eject for 1 s (growing); at most 2 of 3 replicas ejected at once.
        this.outliers = new OutlierDetector<>(new OutlierDetector.Config(3, Duration.ofSeconds(1),
                Duration.ofSeconds(10), 67), hosts, ticker);
    }

    void start() {
        for (int i = 0; i < size; i++) {
            int host = i;
            pollers.add(Thread.ofVirtual().name("heartbeat-r" + (i + 1)).start(() -> poll(host)));
        }
    }

    private void poll(int host) {
        var client = new ReplicaClient(interval, interval);
        long next = ticker.nanoTime();
        while (!closed) {
            try {
                var answer = client.get(addresses.apply(host), "/heartbeat");
                if (answer.status() == 200) {
                    detectors.get(host).heartbeat();
                    refusedAt.set(host, 0);
                }
            } catch (ConnectException refused) {
                refusedAt.compareAndSet(host, 0, ticker.nanoTime());
            } catch (IOException late) {
                // a missed beat: the detector's clock runs on
            }
            update(host);
            next += interval.toNanos();
            long wait = next - ticker.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void update(int host) {
        boolean down = refusedAt.get(host) != 0 || !detectors.get(host).isAvailable();
        if (down) {
            downSince.compareAndSet(host, 0, ticker.nanoTime());
        } else {
            downSince.set(host, 0);
        }
    }

    /** Whether the replica may be sent a request now. */
    boolean usable(int host) {
        update(host);
        return downSince.get(host) == 0 && !outliers.isEjected(host);
    }

    /** When it was first seen down (ticker nanos), or 0 while up. */
    long downSince(int host) {
        return downSince.get(host);
    }

    void record(int host, OutlierDetector.Outcome outcome) {
        outliers.record(host, outcome);
    }

    @Override
    public void close() {
        closed = true;
        pollers.forEach(Thread::interrupt);
        for (Thread t : pollers) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
