package book.ch02.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simplest real upstream: a loopback echo server. It writes back every byte it reads, passes
 * the client's end of stream back as its own, and counts what it received, so that a test can
 * tell what reached the server from what came back to the client. A virtual thread per
 * connection, a read timeout on every socket, a connection limit, and a {@link #close()} that
 * waits for its threads.
 */
public final class EchoUpstream implements AutoCloseable {

    /** A connection silent for this long is closed. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Connections served at once; one more is closed as soon as it is accepted. */
    public static final int MAX_CONNECTIONS = 64;
    private static final int BUFFER_SIZE = 64 * 1024;

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Thread acceptor;

    private EchoUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().name("echo-accept-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** Starts an echo server on a free loopback port. */
    public static EchoUpstream start() throws IOException {
        return new EchoUpstream();
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Bytes that reached the server, over all connections. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /**
     * Waits until at least {@code count} bytes have reached the server; returns whether they did
     * within {@code timeout}.
     */
    public boolean awaitBytesReceived(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (bytesReceived) {
            while (bytesReceived.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(bytesReceived, left);
            }
            return true;
        }
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                if (sockets.size() >= MAX_CONNECTIONS) {
                    socket.close(); // over the limit: refuse this one, keep serving the rest
                    continue;
                }
                sockets.add(socket);
                Thread thread = Thread.ofVirtual().unstarted(() -> echo(socket));
                threads.add(thread);
                thread.start();
            } catch (IOException e) {
                return; // closed: the only way accept fails on loopback in a test
            }
        }
    }

    private void received(int n) {
        synchronized (bytesReceived) {
            bytesReceived.addAndGet(n);
            bytesReceived.notifyAll();
        }
    }

    private void echo(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received(n);
                out.write(buffer, 0, n);
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            // reset, timeout or closed: this connection is over, the server goes on
        } finally {
            sockets.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(FaultProxy.CLOSE_WAIT); // after this no socket is added
            for (Socket socket : List.copyOf(sockets)) {
                socket.close();
            }
            for (Thread thread : List.copyOf(threads)) {
                thread.join(FaultProxy.CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
