package book.ch01.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loopback peer of the chapter's socket benchmarks: either answers every fixed-size
 * request with a fixed-size reply, or reads and discards everything. One virtual thread per
 * connection; closing it closes every connection.
 */
final class LoopbackBenchServer implements AutoCloseable {

    /** Generous: a benchmark's connection idles between iterations and forks. */
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private interface Handler {
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private LoopbackBenchServer(Handler handler) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                    open.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            handler.serve(socket.getInputStream(), socket.getOutputStream());
                        } catch (IOException e) {
                            // the benchmark closed its end: nothing to do
                        } finally {
                            open.remove(socket);
                        }
                    });
                } catch (IOException e) {
                    // the listener was closed
                }
            }
        });
    }

    /** Answers each {@code requestBytes}-byte request with one write of {@code replyBytes}. */
    static LoopbackBenchServer replying(int requestBytes, int replyBytes) throws IOException {
        byte[] reply = new byte[replyBytes];
        return new LoopbackBenchServer((in, out) -> {
            while (in.readNBytes(requestBytes).length == requestBytes) {
                out.write(reply);
            }
        });
    }

    /** Reads and throws away everything, as fast as it can. */
    static LoopbackBenchServer discarding() throws IOException {
        return new LoopbackBenchServer((in, out) -> {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) != -1) {
                // discard
            }
        });
    }

    /** A client socket to this server, with a read timeout and the given Nagle setting. */
    Socket connect(boolean tcpNoDelay) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(tcpNoDelay);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 5_000);
        return socket;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
