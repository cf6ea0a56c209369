package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.Outlet;
import book.ch02.proxy.Fault;
import book.ch02.proxy.Chunk;

/**
 * Reads and drops everything, including the end of the stream: the connection stays up, the
 * bytes go nowhere. This is the dead peer behind a live connection (a hung process, a firewall
 * that silently drops, a peer whose host lost power): nothing fails, nothing arrives, and only
 * a read timeout ends the wait. Like Toxiproxy's {@code timeout} toxic with a timeout of 0.
 */
public record Blackhole() implements Fault {

    @Override
    public String name() {
        return "blackhole";
    }

    @Override
    public String toString() {
        return "blackhole";
    }

    /** A dead peer never closes: neither the client's half-close nor the idle timeout ends the connection. */
    @Override
    public boolean holdsConnectionOpen() {
        return true;
    }

    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        return new Toxic() {
            @Override
            public void pass(Chunk chunk, Outlet next) {
                applied.run();
            }

            @Override
            public void end(Outlet next) {
                applied.run(); // a dead peer's FIN never arrives either
            }
        };
    }
}
