package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.Outlet;
import book.ch02.proxy.FaultChecks;
import book.ch02.proxy.Fault;

/**
 * Forwards exactly {@code bytes} bytes, then closes the connection cleanly: the peer reads end
 * of stream in the middle of a message. That is a server process killed while answering (its
 * kernel closes the connection with FIN), or restarted, or a proxy that gave up on a body; a client that does not check the length it was
 * promised takes half a response for a whole one. Toxiproxy's {@code limit_data} toxic.
 *
 * @param bytes how many bytes pass before the close (counted from when the fault takes effect)
 */
public record TruncateAfter(long bytes) implements Fault {

    public TruncateAfter {
        FaultChecks.notNegative("bytes", bytes);
    }

    @Override
    public String name() {
        return "truncate";
    }

    @Override
    public String toString() {
        return "truncate-after(" + bytes + " B)";
    }

    // tag::truncate[]
    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        return ByteLimit.passThenEnd(bytes, applied, Outlet::endCleanly, "truncated after " + bytes + " bytes");
    }
    // end::truncate[]
}
