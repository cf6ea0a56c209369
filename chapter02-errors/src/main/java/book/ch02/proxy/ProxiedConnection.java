package book.ch02.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection and its upstream connection, with a pump each way. It owns both
 * sockets and is the one place that closes them: once, for one logged reason, whichever pump
 * or fault gets there first. End of stream on one side becomes a half-close on the other;
 * an error on either side ends both.
 */
final class ProxiedConnection {

    /** How often {@link #resetAfterDelivery} asks the kernel how much is still unsent. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(5);

    private final long id;
    private final Socket client;
    private final Socket upstream = new Socket();
    private final FaultProxy proxy;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger finishedDirections = new AtomicInteger();
    private final java.util.List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long lastActivityNanos;

    ProxiedConnection(long id, Socket client, FaultProxy proxy) {
        this.id = id;
        this.client = client;
        this.proxy = proxy;
        this.lastActivityNanos = proxy.config().ticker().nanoTime();
    }

    /** Runs on the connection's own thread: connects upstream, then pumps one direction itself. */
    void run() {
        ProxyConfig config = proxy.config();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), config.upstreamPort());
        try {
            configure(client, config);
        } catch (IOException e) {
            close("client gone before the upstream was called (" + e.getMessage() + ")");
            return;
        }
        try {
            upstream.connect(target, (int) config.connectTimeout().toMillis());
            configure(upstream, config);
        } catch (IOException e) {
            if (!isClosed()) { // not the proxy closing underneath the connect
                proxy.counters().upstreamFailed();
            }
            close("upstream port " + config.upstreamPort() + " unreachable (" + e.getMessage() + "), client closed");
            return;
        }
        proxy.event("connection " + id + " open: " + client.getRemoteSocketAddress() + " -> upstream port "
                + config.upstreamPort());
        if (proxy.startThread("fault-proxy-" + id + "-down",
                new Pump(this, Direction.DOWNSTREAM, upstream, client, proxy)) == null) {
            close("proxy closing");
            return;
        }
        new Pump(this, Direction.UPSTREAM, client, upstream, proxy).run();
    }

    private static void configure(Socket socket, ProxyConfig config) throws SocketException {
        socket.setTcpNoDelay(config.tcpNoDelay());
        socket.setSoTimeout((int) config.idleTimeout().toMillis());
    }

    /** Runs {@code action} when the connection closes (at once if it has). */
    void onClose(Runnable action) {
        onClose.add(action);
        if (isClosed()) {
            action.run();
        }
    }

    /** Traffic in either direction; read on the proxy's ticker, as every time in the proxy is. */
    void touch() {
        lastActivityNanos = proxy.config().ticker().nanoTime();
    }

    boolean idleFor(Duration timeout) {
        return proxy.config().ticker().nanoTime() - lastActivityNanos >= timeout.toNanos();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** A source reached end of stream; when both have, the connection is done. */
    void sourceFinished(Direction direction) {
        proxy.event("connection " + id + ": " + (direction == Direction.UPSTREAM ? "client" : "upstream")
                + " finished sending");
        if (finishedDirections.incrementAndGet() == 2) {
            close("both sides finished");
        }
    }

    /** Delivers what was written to {@code destination}, then closes: its peer reads end of stream. */
    void endCleanly(Socket destination, String reason) {
        try {
            destination.shutdownOutput(); // the FIN goes out right behind the data
        } catch (IOException e) {
            // the peer is gone already; closing is all that is left
        }
        close(reason);
    }

    // tag::reset-after-delivery[]
    /**
     * Resets the connection once the bytes written to {@code destination} have reached its peer.
     * An abortive close (SO_LINGER 0) discards whatever is still in the send buffer, so a slow
     * reader would otherwise lose bytes the fault promised to deliver. Waits, at most the idle
     * timeout, for the kernel's count of unacknowledged bytes to reach zero, and logs what it
     * knows: all delivered, how many were discarded, or that this system does not say.
     */
    void resetAfterDelivery(Socket destination, String reason) {
        Ticker ticker = proxy.config().ticker();
        long waitNanos = proxy.config().idleTimeout().toNanos();
        long start = ticker.nanoTime();
        OptionalLong unsent = SendQueue.unacknowledged(destination);
        try {
            while (unsent.isPresent() && unsent.getAsLong() > 0 && ticker.nanoTime() - start < waitNanos && !isClosed()) {
                ticker.sleep(DRAIN_POLL);
                unsent = SendQueue.unacknowledged(destination);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: reset now
        }
        reset(reason + (unsent.isEmpty() ? "; delivery not confirmed (the system does not report its send queue)"
                : unsent.getAsLong() == 0 ? "; every byte delivered first"
                : "; " + unsent.getAsLong() + " bytes never delivered (the peer did not read them in time)"));
    }
    // end::reset-after-delivery[]

    /** Closes both sockets normally (FIN), once. */
    void close(String reason) {
        terminate(reason, false);
    }

    /** Closes both sockets with SO_LINGER 0, which sends RST: both peers read "Connection reset". */
    void reset(String reason) {
        terminate(reason, true);
    }

    private void terminate(String reason, boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Socket socket : new Socket[] {client, upstream}) {
            try (socket) {
                if (reset && !socket.isClosed()) {
                    socket.setSoLinger(true, 0);
                }
            } catch (IOException e) {
                // closing is best effort; the reason below is what matters
            }
        }
        onClose.forEach(Runnable::run);
        proxy.connectionClosed(this, "connection " + id + (reset ? " reset: " : " closed: ") + reason);
    }
}
