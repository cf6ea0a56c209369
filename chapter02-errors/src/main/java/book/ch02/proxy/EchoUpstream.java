package book.ch02.proxy;

import book.ch02.catalogue.LoopbackPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simplest real upstream: a loopback echo server. It writes back every byte it reads, passes
 * the client's end of stream back as its own, and counts what it received, so that a test can
 * tell what reached the server from what came back to the client. It is the chapter's
 * {@link LoopbackPeer} running an echo script: a virtual thread per connection, a connection
 * limit, and a {@link #close()} that closes every connection and waits for its threads.
 */
public final class EchoUpstream implements AutoCloseable {

    /** A connection silent for this long is closed. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Connections served at once; one more is closed as soon as it is accepted. */
    public static final int MAX_CONNECTIONS = LoopbackPeer.MAX_CONNECTIONS;
    private static final int BUFFER_SIZE = 64 * 1024;

    private final AtomicLong bytesReceived = new AtomicLong();
    private final LoopbackPeer peer;

    private EchoUpstream() throws IOException {
        peer = LoopbackPeer.start(this::echo);
    }

    /** Starts an echo server on a free loopback port. */
    public static EchoUpstream start() throws IOException {
        return new EchoUpstream();
    }

    public int port() {
        return peer.port();
    }

    public InetSocketAddress address() {
        return peer.address();
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
                TimeUnit.NANOSECONDS.timedWait(bytesReceived, left);
            }
            return true;
        }
    }

    /** Connections accepted so far. */
    public long connections() {
        return peer.connectionsAccepted();
    }

    private void received(int n) {
        synchronized (bytesReceived) {
            bytesReceived.addAndGet(n);
            bytesReceived.notifyAll();
        }
    }

    /** The script for each connection; the peer closes the socket and ends the thread after it. */
    private void echo(Socket socket) throws IOException {
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
    }

    @Override
    public void close() throws IOException {
        peer.close();
    }
}
