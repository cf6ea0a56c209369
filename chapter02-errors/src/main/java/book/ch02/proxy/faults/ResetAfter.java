package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.Outlet;
import book.ch02.proxy.FaultChecks;
import book.ch02.proxy.Fault;

/**
 * Forwards {@code bytes} bytes, then resets the connection (SO_LINGER 0 and close, which sends
 * a TCP RST): both peers read "Connection reset". That is a process killed with a request
 * still unread in its buffer (a crash with nothing unread is a FIN: {@link TruncateAfter}), a
 * load balancer or NAT that forgot the flow, a firewall that kills it. With 0 the
 * reset comes with the first bytes in this direction. Toxiproxy's {@code reset_peer} toxic
 * takes a time instead of a byte count.
 *
 * @param bytes how many bytes pass before the reset (counted from when the fault takes effect)
 */
public record ResetAfter(long bytes) implements Fault {

    public ResetAfter {
        FaultChecks.notNegative("bytes", bytes);
    }

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public String toString() {
        return "reset-after(" + bytes + " B)";
    }

    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        return ByteLimit.passThenEnd(bytes, applied, Outlet::reset, "reset after " + bytes + " bytes");
    }
}
