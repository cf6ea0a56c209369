package book.ch02.proxy;

import java.io.IOException;
import java.util.List;

/**
 * Links the toxics of one direction so that each one's {@code next} is the one after it and the
 * last one's is the socket. Built once per connection, direction and fault list; rebuilt only
 * when {@link FaultProxy#setFaults} replaces that list.
 */
final class ToxicChain {

    private ToxicChain() {
    }

    /** The head of the chain, where the pump sends, and the toxics in it, to retire or close. */
    record Chain(Outlet head, List<Toxic> toxics) {

        /** Lets every toxic deliver what it holds, first to last. */
        void retire() throws InterruptedException {
            for (Toxic toxic : toxics) {
                toxic.retire();
            }
        }

        void close() {
            toxics.forEach(Toxic::close);
        }
    }

    static Chain build(List<Fault> faults, Ticker ticker, ProxyCounters counters, Outlet socket) {
        Outlet next = socket;
        Toxic[] toxics = new Toxic[faults.size()];
        for (int i = faults.size() - 1; i >= 0; i--) {
            Fault fault = faults.get(i);
            toxics[i] = fault.start(ticker, () -> counters.applied(fault.name()));
            next = new Stage(toxics[i], next);
        }
        return new Chain(next, List.of(toxics));
    }

    /** One toxic and what follows it. */
    private record Stage(Toxic toxic, Outlet next) implements Outlet {

        @Override
        public void send(Chunk chunk) throws IOException, InterruptedException {
            toxic.pass(chunk, next);
        }

        @Override
        public void finish() throws IOException, InterruptedException {
            toxic.end(next);
        }

        @Override
        public void endCleanly(String reason) throws IOException {
            next.endCleanly(reason);
        }

        @Override
        public void reset(String reason) throws IOException {
            next.reset(reason);
        }
    }
}
