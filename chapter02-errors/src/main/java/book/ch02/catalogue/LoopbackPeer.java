package book.ch02.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted peer on loopback: it accepts connections and runs a {@link Script} on each, one
 * virtual thread per connection. The script is the misbehaviour under study (never answer,
 * reset, answer half a message); the client code under study is real.
 *
 * <p>Closing the peer closes the listener and every connection it holds, then waits for its
 * threads, so nothing outlives a test.
 */
public final class LoopbackPeer implements AutoCloseable {

    /** What the peer does with one accepted connection. */
    @FunctionalInterface
    public interface Script {
        void run(Socket connection) throws IOException, InterruptedException;
    }

    /** A script that goes wrong must still end: no peer connection lives longer than this. */
    public static final int CONNECTION_TIMEOUT_MILLIS = 10_000;
    /** More simultaneous connections than any scenario opens; extra ones are closed at once. */
    public static final int MAX_CONNECTIONS = 64;

    private final ServerSocket listener;
    private final Script script;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    private LoopbackPeer(ServerSocket listener, Script script) {
        this.listener = listener;
        this.script = script;
        threads.submit(this::acceptLoop);
    }

    /** A plain TCP peer on 127.0.0.1, any free port. */
    public static LoopbackPeer start(Script script) throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
    }

    /** A peer on a listener the caller made, for example a TLS server socket. */
    public static LoopbackPeer start(ServerSocket listener, Script script) {
        return new LoopbackPeer(listener, script);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections the peer has accepted: how many attempts reached it. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                accepted.incrementAndGet();
                if (open.size() >= MAX_CONNECTIONS) {
                    connection.close();
                    continue;
                }
                open.add(connection);
                if (listener.isClosed()) { // close() may have swept open before this connection was added
                    open.remove(connection);
                    connection.close();
                    return;
                }
                threads.submit(() -> serve(connection));
            } catch (IOException e) {
                return; // the listener was closed: the peer is shutting down
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(CONNECTION_TIMEOUT_MILLIS);
            script.run(connection);
        } catch (IOException e) {
            // the client failing or leaving is what the scenarios provoke: not the peer's error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(connection);
        }
    }

    /** Reads and discards until the client closes, so a close here never discards unread data. */
    static void drain(Socket connection) throws IOException {
        InputStream in = connection.getInputStream();
        byte[] sink = new byte[8192];
        while (in.read(sink) >= 0) {
            // discard
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // one failing close must not leave the others open
            }
        }
        threads.close();
    }
}
