package book.ch01.options;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener whose accept queue is full, so that the next connect to it times out.
 * This is how the book produces a connect timeout without sending a packet anywhere but
 * 127.0.0.1: the listener has the smallest backlog and never accepts, and it is filled with
 * connections until the kernel stops answering SYNs.
 *
 * <p>On Linux a SYN that arrives while the accept queue is full is dropped silently (unless
 * {@code net.ipv4.tcp_abort_on_overflow} is set), so the client retransmits it until its
 * connect timeout. Other kernels may answer with a reset instead; {@link #refusesWhenFull()}
 * tells which one this is, so callers can say so instead of failing mysteriously.
 */
public final class FullBacklogListener implements AutoCloseable {

    /** The smallest backlog; Linux then queues {@code backlog + 1} = 2 handshaken connections. */
    public static final int BACKLOG = 1;
    /** A bound on the filling loop: no kernel queues this many for a backlog of 1. */
    public static final int MAX_FILL_CONNECTIONS = 64;
    /** A loopback handshake takes microseconds; a probe that waits this long was not answered. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);

    private final ServerSocket server;
    private final List<Socket> queued = new ArrayList<>();
    private final boolean refusesWhenFull;

    private FullBacklogListener(ServerSocket server) throws IOException {
        this.server = server;
        this.refusesWhenFull = fill();
    }

    /** Opens the listener and fills its queue; throws if the queue would not fill. */
    public static FullBacklogListener open() throws IOException {
        ServerSocket server = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        try {
            return new FullBacklogListener(server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    // tag::fill[]
    /** Connects until connects fail; returns whether they failed by refusal rather than timeout. */
    private boolean fill() throws IOException {
        int timeoutsInARow = 0;
        for (int i = 0; i < MAX_FILL_CONNECTIONS; i++) {
            Socket probe = new Socket();
            try {
                probe.connect(address(), (int) PROBE_TIMEOUT.toMillis());
                queued.add(probe); // handshake done by the kernel; the application never accepts it
                timeoutsInARow = 0;
            } catch (SocketTimeoutException e) {
                probe.close();
                if (++timeoutsInARow == 2) {
                    return false; // SYNs are dropped: the queue is full (twice, so not a stalled CPU)
                }
            } catch (ConnectException e) {
                probe.close();
                return true; // this kernel resets instead of dropping
            } catch (IOException | RuntimeException e) {
                probe.close();
                close(); // nothing stays open when opening fails
                throw e;
            }
        }
        close();
        throw new IllegalStateException("the accept queue of a listener with backlog " + BACKLOG
                + " still took connections after " + MAX_FILL_CONNECTIONS + "; cannot produce a connect timeout here");
    }
    // end::fill[]

    /** Takes one connection off the queue, which makes room for one more handshake. */
    public Socket acceptOne() throws IOException {
        server.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
        return server.accept(); // the client end stays in the queued list, closed with the listener
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** How many handshaken connections the kernel queued before it stopped answering. */
    public int queuedConnections() {
        return queued.size();
    }

    /** Whether a connect to the full listener is refused at once instead of timing out. */
    public boolean refusesWhenFull() {
        return refusesWhenFull;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Socket s : queued) {
            try {
                s.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        queued.clear();
        server.close();
        if (failure != null) {
            throw failure;
        }
    }
}
