package book.ch01.echo;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link ServerStats}, updated from many connection threads at once. */
final class ServerCounters {

    final LongAdder accepted = new LongAdder();
    final AtomicInteger active = new AtomicInteger();
    final LongAdder refused = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder forciblyClosed = new LongAdder();

    ServerStats snapshot() {
        return new ServerStats(accepted.sum(), active.get(), refused.sum(), timedOut.sum(), expired.sum(), failed.sum(),
                forciblyClosed.sum());
    }
}
