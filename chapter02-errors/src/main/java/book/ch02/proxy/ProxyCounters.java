package book.ch02.proxy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The proxy's live counters; many threads add, {@link #snapshot} reads. */
final class ProxyCounters {

    private final AtomicLong accepted = new AtomicLong();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder upstreamFailures = new LongAdder();
    private final LongAdder bytesUpstream = new LongAdder();
    private final LongAdder bytesDownstream = new LongAdder();
    private final Map<String, LongAdder> applied = new ConcurrentHashMap<>();

    /** Counts an accepted connection and returns its number, which names it in the logs. */
    long accepted() {
        return accepted.incrementAndGet();
    }

    void rejected() {
        rejected.increment();
    }

    void upstreamFailed() {
        upstreamFailures.increment();
    }

    void forwarded(Direction direction, int bytes) {
        (direction == Direction.UPSTREAM ? bytesUpstream : bytesDownstream).add(bytes);
    }

    void applied(String fault) {
        applied.computeIfAbsent(fault, k -> new LongAdder()).increment();
    }

    ProxyStats snapshot(int open) {
        Map<String, Long> faults = new TreeMap<>();
        applied.forEach((name, count) -> faults.put(name, count.sum()));
        return new ProxyStats(accepted.get(), open, rejected.sum(), upstreamFailures.sum(),
                bytesUpstream.sum(), bytesDownstream.sum(), faults);
    }
}
