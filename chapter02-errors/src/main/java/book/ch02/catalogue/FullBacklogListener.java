package book.ch02.catalogue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that never accepts and whose accept queue is full, so that a new connect gets no
 * answer at all and times out: a connect timeout produced on loopback, without sending a packet
 * to any other address.
 *
 * <p>On Linux a listener queues up to backlog + 1 finished handshakes; once the queue is full the
 * kernel drops incoming SYNs (with {@code net.ipv4.tcp_abort_on_overflow = 0}, the default), and
 * the client keeps retransmitting its SYN until its own timeout. Other systems differ (some answer
 * with RST, which is "connection refused"), so {@link #fill} probes instead of assuming: it opens
 * connections until one times out, and gives up after {@link #MAX_FILLERS}.
 */
public final class FullBacklogListener implements AutoCloseable {

    /** The smallest queue Java passes to listen(2); a value below 1 would mean "the default, 50". */
    public static final int BACKLOG = 1;
    /** Bound on the fill loop: far more than backlog + 1, in case the kernel queues more. */
    public static final int MAX_FILLERS = 64;
    /** How long each probing connect waits; a full queue makes the last probe wait this long. */
    public static final int PROBE_TIMEOUT_MILLIS = 250;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    private FullBacklogListener(ServerSocket listener) {
        this.listener = listener;
    }

    /** Opens the listener and fills its queue; fails if the queue never fills within the bound. */
    // tag::fill[]
    public static FullBacklogListener fill() throws IOException {
        var full = new FullBacklogListener(new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress()));
        try {
            while (full.fillers.size() < MAX_FILLERS) {
                Socket probe = new Socket();
                try {
                    probe.connect(full.address(), PROBE_TIMEOUT_MILLIS);
                    full.fillers.add(probe); // queued by the kernel, never accepted
                } catch (SocketTimeoutException e) {
                    probe.close();
                    return full; // no SYN-ACK came back: the queue is full
                } catch (IOException e) {
                    probe.close(); // refused or reset: this kernel does not drop SYNs; report it
                    throw e;
                }
            }
            throw new IOException("accept queue still not full after " + MAX_FILLERS + " connections");
        } catch (IOException | RuntimeException e) {
            full.close();
            throw e;
        }
    }
    // end::fill[]

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** How many connections the kernel queued before it started dropping SYNs. */
    public int queuedConnections() {
        return fillers.size();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        listener.close();
    }
}
