package book.ch02.checksum;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;

/**
 * A server for the checksummed frame protocol: each request frame goes to the application, its
 * answer goes back as a frame. A frame that fails its check, or announces more than the limit,
 * closes that one connection (the stream is out of step from there on) and is recorded; every
 * other connection carries on. A virtual thread per connection, a read timeout on each, and a
 * connection limit.
 *
 * <p>Copyable unit "checksummed-echo-server": this class and the "checksummed-frames" unit.
 * Defaults: 64 connections ({@link #DEFAULT_MAX_CONNECTIONS}), a 30 s read timeout, the last
 * 1,000 rejection reasons kept; binds 127.0.0.1 on a free port. Limits: one frame answered at
 * a time per connection; the application function runs on the connection's virtual thread.
 *
 * <p>Specified by: ChecksumTest
 */
public final class ChecksummedEchoServer implements AutoCloseable {

    /** Connections served at once; one more is closed as soon as it is accepted. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** A client silent for this long is disconnected. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Rejection reasons kept, newest last: hostile clients must not grow the server's memory. */
    public static final int MAX_REJECTIONS_KEPT = 1_000;

    private final ServerSocket listener;
    private final UnaryOperator<byte[]> application;
    private final int maxPayloadBytes;
    private final Duration readTimeout;
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<String> rejections = new ArrayDeque<>(); // guarded by itself

    private ChecksummedEchoServer(UnaryOperator<byte[]> application, int maxPayloadBytes, Duration readTimeout,
            int maxConnections) throws IOException {
        this.application = Objects.requireNonNull(application, "application");
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be >= 0, not " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.toMillis() < 1 || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("readTimeout must be 1 ms to " + Integer.MAX_VALUE + " ms, not "
                    + readTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, not " + maxConnections);
        }
        this.slots = new Semaphore(maxConnections);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    /** Starts on a free loopback port, answering each payload with {@code application(payload)}. */
    public static ChecksummedEchoServer start(UnaryOperator<byte[]> application, int maxPayloadBytes) throws IOException {
        return start(application, maxPayloadBytes, DEFAULT_READ_TIMEOUT);
    }

    /** As {@link #start(UnaryOperator, int)}, disconnecting a client that sends nothing for {@code readTimeout}. */
    public static ChecksummedEchoServer start(UnaryOperator<byte[]> application, int maxPayloadBytes,
            Duration readTimeout) throws IOException {
        return start(application, maxPayloadBytes, readTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    /** As {@link #start(UnaryOperator, int, Duration)}, serving at most {@code maxConnections} at once. */
    public static ChecksummedEchoServer start(UnaryOperator<byte[]> application, int maxPayloadBytes,
            Duration readTimeout, int maxConnections) throws IOException {
        return new ChecksummedEchoServer(application, maxPayloadBytes, readTimeout, maxConnections);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Why each rejected connection was closed, oldest first: the latest {@link #MAX_REJECTIONS_KEPT} messages. */
    public List<String> rejections() {
        synchronized (rejections) {
            return List.copyOf(rejections);
        }
    }

    /** Connections being served now. Zero after {@link #close()}: none outlives the server. */
    public int openConnections() {
        return open.size();
    }

    private void reject(String reason) {
        synchronized (rejections) {
            if (rejections.size() == MAX_REJECTIONS_KEPT) {
                rejections.removeFirst();
            }
            rejections.addLast(reason);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                if (!slots.tryAcquire()) {
                    socket.close(); // over the limit: refuse this one, keep serving the rest
                    continue;
                }
                open.add(socket);
                try {
                    if (listener.isClosed()) { // close() may have swept open before this socket was added
                        throw new RejectedExecutionException("server closed");
                    }
                    threads.execute(() -> serve(socket)); // not submit: an application bug must not vanish
                } catch (RejectedExecutionException closing) {
                    release(socket);
                    return;
                }
            } catch (IOException e) {
                return; // closed: shutting down
            }
        }
    }

    // tag::serve[]
    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) readTimeout.toMillis());
            var reader = new ChecksummedFrameReader(socket.getInputStream(), maxPayloadBytes);
            var writer = new ChecksummedFrameWriter(socket.getOutputStream(), maxPayloadBytes);
            for (byte[] request; (request = reader.read()) != null; ) {
                writer.write(application.apply(request)); // only verified payloads get this far
            }
        } catch (ChecksumMismatchException | ProtocolException e) { // FrameTooLargeException is a ProtocolException
            reject(e.getMessage()); // this stream is out of step: close it, and only it
        } catch (IOException e) {
            // the client left or timed out: nothing to answer
        } finally {
            release(socket); // after recording why, so the reason is known once the client sees the close
        }
    }
    // end::serve[]

    private void release(Socket socket) {
        closeQuietly(socket);
        open.remove(socket);
        slots.release();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do for this connection
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(ChecksummedEchoServer::closeQuietly); // one failing close must not leave the rest open
        threads.close(); // waits for every connection's thread
    }
}
