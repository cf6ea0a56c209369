package book.ch01.echo;

import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

/**
 * The connections a {@link BlockingServer} is serving: a slot for each, up to the limit; a
 * timer that closes each one at its maximum age; and a record of which ones the server closed
 * on purpose, so that the exception this causes in the handler is not counted as a failure.
 */
final class OpenConnections implements AutoCloseable {

    /** The server's logger: what happens to a connection is the server's story. */
    private static final Logger LOG = Logger.getLogger(BlockingServer.class.getName());

    private final ServerConfig config;
    private final ServerCounters counters;
    private final Semaphore slots;
    private final ConnectionAgeLimit ageLimit;
    /** Each open connection, with the timer that closes it when it gets too old. */
    private final Map<Socket, Future<?>> open = new ConcurrentHashMap<>();
    private final Set<Socket> closedByServer = ConcurrentHashMap.newKeySet();

    OpenConnections(ServerConfig config, ServerCounters counters, String name) {
        this.config = config;
        this.counters = counters;
        this.slots = new Semaphore(config.maxConnections());
        this.ageLimit = new ConnectionAgeLimit(config.maxConnectionAge(), "max-age-" + name);
    }

    /** Takes a slot for a new connection, or returns false at once if every slot is taken. */
    boolean tryReserve() {
        return slots.tryAcquire();
    }

    /** Starts serving a connection that holds a slot, and starts its age timer. */
    void add(Socket socket) {
        open.put(socket, ageLimit.watch(() -> expire(socket)));
        counters.active.incrementAndGet();
    }

    /** Whether the server closed this connection on purpose: too old, or shutting down. */
    boolean closedByServer(Socket socket) {
        return closedByServer.contains(socket);
    }

    /** Ends a connection that holds a slot; the slot is free before the socket closes. */
    void release(Socket socket) {
        Future<?> ageTimer = open.remove(socket);
        if (ageTimer != null) {
            ageTimer.cancel(false);
            counters.active.decrementAndGet();
        }
        closedByServer.remove(socket);
        slots.release();
        Quietly.close(socket);
    }

    // tag::expire[]
    private void expire(Socket socket) {
        if (closedByServer.add(socket)) {
            counters.expired.increment();
            LOG.info(() -> "closing " + socket.getRemoteSocketAddress() + ": older than the maximum age of "
                    + config.maxConnectionAge().toMillis() + " ms");
            Quietly.close(socket);                          // the handler's blocked read or write fails now
            if (!open.containsKey(socket)) {                // it ended meanwhile: release() may have run first
                closedByServer.remove(socket);
            }
        }
    }
    // end::expire[]

    /** Shutdown's last resort: closes every connection still open and counts it. */
    void closeAll() {
        for (Socket socket : open.keySet()) {
            if (closedByServer.add(socket)) {
                counters.forciblyClosed.increment();
                Quietly.close(socket);                      // a blocked read fails at once on a closed socket
            }
        }
    }

    @Override
    public void close() {
        ageLimit.close();
    }
}
