package book.ch01.transfer;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP server that reads and counts everything a client sends until the client half-closes
 * its side, then answers with the count as one 8-byte number and closes. The answer lets the
 * client time a transfer until the bytes have arrived, not merely until its last write
 * returned (which only means they reached its own send buffer).
 */
public final class SinkServer implements AutoCloseable {

    /** A client that stops sending for this long is cut off, so it cannot hold a slot forever. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    public static final int MAX_CONNECTIONS = 64;
    /** How long close() lets running transfers finish before it closes their sockets. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** After a failed accept (say, no file descriptors left) the loop waits this long before the next. */
    public static final Duration ACCEPT_FAILURE_PAUSE = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(SinkServer.class.getName());

    private final ServerSocket listener;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong totalBytes = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread acceptor;

    private SinkServer(ServerSocket listener) {
        this.listener = listener;
        this.acceptor = Thread.ofVirtual().name("sink-acceptor").start(this::acceptLoop);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static SinkServer start(int port) throws IOException {
        return new SinkServer(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                if (!slots.tryAcquire()) {
                    LOG.log(System.Logger.Level.WARNING, "refusing a connection: all " + MAX_CONNECTIONS + " slots busy");
                    socket.close();
                    continue;
                }
                open.add(socket);
                Thread.ofVirtual().name("sink-connection").start(() -> serve(socket));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "accept failed", e);
                try {
                    Thread.sleep(ACCEPT_FAILURE_PAUSE); // out of file descriptors: do not spin
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // tag::serve[]
    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long count = 0;
            for (int n; (n = in.read(buffer)) != -1; ) { // -1: the client shut down its output
                count += n;
            }
            totalBytes.addAndGet(count); // counted before the answer, so a client that has it sees it counted
            connections.incrementAndGet();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeLong(count); // "I received this many": the client's proof of delivery
            out.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "transfer from " + socket.getRemoteSocketAddress() + " failed: " + e);
        } finally {
            open.remove(socket);
            slots.release();
        }
    }
    // end::serve[]

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Bytes received on connections that reached their end. */
    public long totalBytes() {
        return totalBytes.get();
    }

    public long completedConnections() {
        return connections.get();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops accepting, lets running transfers finish for {@link #CLOSE_GRACE}, then cuts them off. */
    @Override
    public void close() throws IOException {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            listener.close();
            acceptor.join();
            if (slots.tryAcquire(MAX_CONNECTIONS, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(MAX_CONNECTIONS); // every slot free: nothing is running
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Socket socket : open) {
                closeQuietly(socket); // one failed close must not leave the others open
            }
            closed.countDown();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a transfer cut off by close(): " + e);
        }
    }
}
