package book.ch02.checksum;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;

/**
 * A server for the checksummed frame protocol: each request frame goes to the application, its
 * answer goes back as a frame. A frame that fails its check, or announces more than the limit,
 * closes that one connection (the stream is out of step from there on) and is recorded; every
 * other connection carries on. A virtual thread per connection, a read timeout on each, and a
 * connection limit.
 */
public final class ChecksummedEchoServer implements AutoCloseable {

    /** Connections served at once; one more is closed as soon as it is accepted. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** A client silent for this long is disconnected. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private final ServerSocket listener;
    private final UnaryOperator<byte[]> application;
    private final int maxPayloadBytes;
    private final Semaphore slots = new Semaphore(DEFAULT_MAX_CONNECTIONS);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> rejections = new CopyOnWriteArrayList<>();

    private ChecksummedEchoServer(UnaryOperator<byte[]> application, int maxPayloadBytes) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.application = application;
        this.maxPayloadBytes = maxPayloadBytes;
        threads.submit(this::acceptLoop);
    }

    /** Starts on a free loopback port, answering each payload with {@code application(payload)}. */
    public static ChecksummedEchoServer start(UnaryOperator<byte[]> application, int maxPayloadBytes) throws IOException {
        return new ChecksummedEchoServer(application, maxPayloadBytes);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Why each rejected connection was closed, in order: the exception messages. */
    public List<String> rejections() {
        return List.copyOf(rejections);
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
                threads.submit(() -> serve(socket));
            } catch (IOException e) {
                return; // closed: shutting down
            }
        }
    }

    // tag::serve[]
    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) DEFAULT_READ_TIMEOUT.toMillis());
            var reader = new ChecksummedFrameReader(socket.getInputStream(), maxPayloadBytes);
            var writer = new ChecksummedFrameWriter(socket.getOutputStream(), maxPayloadBytes);
            for (byte[] request; (request = reader.read()) != null; ) {
                writer.write(application.apply(request)); // only verified payloads get this far
            }
        } catch (ChecksumMismatchException | ProtocolException e) {
            rejections.add(e.getMessage()); // this stream is out of step: close it, and only it
        } catch (IOException e) {
            // the client left or timed out: nothing to answer
        } finally {
            closeQuietly(socket); // after recording why, so the reason is known once the client sees the close
            open.remove(socket);
            slots.release();
        }
    }
    // end::serve[]

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
        for (Socket s : open) {
            s.close();
        }
        threads.close();
    }
}
