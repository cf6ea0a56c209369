package book.ch02.proxy;

/**
 * A fault as configured: an immutable, validated description (a record) that starts a fresh
 * {@link Toxic} for each connection and direction it applies to. Keeping the description apart
 * from the running state is what lets {@link FaultProxy#setFaults} swap faults on open
 * connections safely: a description is shared, a toxic never is.
 */
public interface Fault {

    /** A short name for logs and for {@link ProxyStats#applied(String)}, such as {@code latency}. */
    String name();

    /**
     * Starts the fault on one direction of one connection.
     *
     * @param ticker  the proxy's clock and sleeper
     * @param applied to call each time the fault changes the stream, for the statistics
     */
    Toxic start(Ticker ticker, Runnable applied);

    /** Whether, while this fault is on, the proxy must never close a connection by itself (a black hole). */
    default boolean holdsConnectionOpen() {
        return false;
    }
}
