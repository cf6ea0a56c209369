package book.ch03.resume;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that breaks connections on cue, the way a real network does: it
 * forwards bytes between a client and a server, and each accepted connection may take one
 * scripted {@link Fault} from a queue (MockWebServer style). Faults are real: the client sees
 * a connection closed mid-request or before any reply, the server sees a request cut short.
 */
public final class CuttingProxy implements AutoCloseable {

    /** Read timeout on both sides, so a pump never waits forever on a silent peer. */
    public static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    /**
     * What to break on one connection: after the given number of bytes in either direction,
     * both sides are closed ({@code Long.MAX_VALUE}: no limit; 0: at the first byte).
     *
     * @param upstreamBytes   client-to-server bytes forwarded before the cut
     * @param downstreamBytes server-to-client bytes forwarded before the cut
     */
    public record Fault(long upstreamBytes, long downstreamBytes) {
        /** Forwards {@code n} bytes of the client's stream (the request), then cuts. */
        public static Fault cutAfter(long n) {
            return new Fault(n, Long.MAX_VALUE);
        }

        /** Forwards {@code n} bytes of the server's stream (the response), then cuts. */
        public static Fault cutResponseAfter(long n) {
            return new Fault(Long.MAX_VALUE, n);
        }

        /** Lets the whole request through, then loses the response: the server did the work. */
        public static Fault loseResponse() {
            return cutResponseAfter(0);
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong upstreamTotal = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();

    public CuttingProxy(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.target = new InetSocketAddress(loopback, targetPort);
        this.listener = new ServerSocket(0, 50, loopback);
        threads.submit(this::acceptLoop);
    }

    /** The next accepted connection suffers {@code fault}; later ones pass untouched. */
    public void enqueue(Fault fault) {
        faults.add(fault);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Client-to-server bytes forwarded so far, over all connections. */
    public long upstreamBytes() {
        return upstreamTotal.get();
    }

    /** Connections broken by a fault so far. */
    public long cuts() {
        return cuts.get();
    }

    /** Sockets of connections still being served (both ends of each); 0 once closed. */
    int openSockets() {
        return open.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                try {
                    threads.submit(() -> serve(client, faults.poll()));
                } catch (RejectedExecutionException closing) {
                    closeQuietly(client); // accepted just as the proxy closed
                    return;
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    // tag::serve[]
    private void serve(Socket client, Fault fault) {
        Socket server = new Socket();
        open.add(client);
        open.add(server);
        try (client; server) {
            server.connect(target, SOCKET_TIMEOUT_MILLIS);
            client.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            server.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true); // forward each piece as it comes: Nagle plus delayed ACKs
            server.setTcpNoDelay(true); // would add ~40 ms to every request split in two writes
            Fault f = fault == null ? new Fault(Long.MAX_VALUE, Long.MAX_VALUE) : fault;
            var up = threads.submit(() -> pump(client, server, f.upstreamBytes(), upstreamTotal));
            boolean cut = pump(server, client, f.downstreamBytes(), null); // this thread carries the replies
            cut |= up.get();
            if (cut) {
                cuts.incrementAndGet();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            open.remove(client); // both, or the set keeps every closed socket for the proxy's life
            open.remove(server);
        }
    }

    /** Copies until EOF or the limit; returns true if it cut the connection (closing both sockets). */
    private static boolean pump(Socket from, Socket to, long limit, AtomicLong counter) {
        byte[] buffer = new byte[8192];
        long forwarded = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.max(1, limit - forwarded)));
                if (n < 0) {
                    to.shutdownOutput(); // pass the half-close on
                    return false;
                }
                if (forwarded + n > limit) { // only when limit is 0: the read asked for at least one byte
                    int allowed = (int) (limit - forwarded);
                    out.write(buffer, 0, allowed);
                    count(counter, allowed);
                    from.close();
                    to.close();
                    return true;
                }
                out.write(buffer, 0, n);
                forwarded += n;
                count(counter, n);
                if (forwarded == limit) {
                    from.close();
                    to.close();
                    return true;
                }
            }
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
            return false;
        }
    }
    // end::serve[]

    private static void count(AtomicLong counter, int n) {
        if (counter != null) {
            counter.addAndGet(n);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken; nothing more to release
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(CuttingProxy::closeQuietly);
        threads.close();
    }
}
