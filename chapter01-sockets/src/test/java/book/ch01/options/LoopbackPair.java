package book.ch01.options;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Both ends of one loopback TCP connection, for tests that act on one end and watch the
 * other. Every socket has a read timeout, so a test that goes wrong fails instead of hanging.
 */
final class LoopbackPair implements AutoCloseable {

    static final int TEST_READ_TIMEOUT_MILLIS = 5_000;

    final ServerSocket listener;
    final Socket client;
    final Socket server;

    private LoopbackPair(ServerSocket listener, Socket client, Socket server) {
        this.listener = listener;
        this.client = client;
        this.server = server;
    }

    static LoopbackPair open() throws IOException {
        return open(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Connects to a listener the caller configured (and bound) itself. */
    static LoopbackPair open(ServerSocket listener) throws IOException {
        listener.setSoTimeout(TEST_READ_TIMEOUT_MILLIS);
        Socket client = new Socket();
        try {
            client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()),
                    TEST_READ_TIMEOUT_MILLIS);
            client.setSoTimeout(TEST_READ_TIMEOUT_MILLIS);
            Socket server = listener.accept();
            server.setSoTimeout(TEST_READ_TIMEOUT_MILLIS);
            return new LoopbackPair(listener, client, server);
        } catch (IOException | RuntimeException e) {
            client.close();
            listener.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (listener; client; server) {
            // closes all three, in reverse order, even if one fails
        }
    }
}
