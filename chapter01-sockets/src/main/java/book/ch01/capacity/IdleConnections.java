package book.ch01.capacity;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Measures what holding many idle connections costs a server: opens them on loopback, checks
 * each with one echoed byte, and compares the process's footprint before and after. Both ends
 * live in this process, so every figure counts a client and a server socket per connection.
 */
public final class IdleConnections {

    /** Descriptors the JVM itself needs besides the sockets: jars, the selector, pipes, logs. */
    static final int DESCRIPTOR_HEADROOM = 200;

    private IdleConnections() {
    }

    /** What the connections cost: the footprint before opening them and while holding them all. */
    public record Report(EchoServerKind server, int connections, ProcessFootprint before, ProcessFootprint held) {

        public long heapBytesPerConnection() {
            return (held.heapBytes() - before.heapBytes()) / connections;
        }

        public long residentBytesPerConnection() {
            return (held.residentBytes() - before.residentBytes()) / connections;
        }
    }

    // tag::measure[]
    public static Report measure(EchoServerKind kind, int connections, Duration timeout) throws IOException {
        requireDescriptors(connections);
        try (EchoServerKind.Running server = kind.start(connections)) {
            ProcessFootprint before = ProcessFootprint.now();
            List<Socket> open = new ArrayList<>(connections);
            try {
                for (int i = 0; i < connections; i++) {
                    open.add(connectAndEcho(server.port(), (byte) i, timeout, connections));
                }
                return new Report(kind, open.size(), before, ProcessFootprint.now());
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }
    // end::measure[]

    private static void requireDescriptors(int connections) throws IOException {
        long needed = 2L * connections + DESCRIPTOR_HEADROOM;
        OptionalLong limit = FileDescriptorLimit.soft();
        if (limit.isPresent() && limit.getAsLong() < needed) {
            throw new IOException(FileDescriptorLimit.tooLow(connections, needed, limit.getAsLong()));
        }
    }

    private static Socket connectAndEcho(int port, byte probe, Duration timeout, int connections) throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(millis);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis);
            socket.getOutputStream().write(probe);
            InputStream in = socket.getInputStream();
            int echoed = in.read();
            if (echoed != (probe & 0xff)) {
                throw new IOException("connection " + socket.getLocalPort() + " is not alive: sent " + (probe & 0xff)
                        + ", read " + echoed);
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            if (String.valueOf(e.getMessage()).contains("Too many open files")) {
                long limit = FileDescriptorLimit.soft().orElse(-1);
                throw new IOException(FileDescriptorLimit.tooLow(connections, 2L * connections + DESCRIPTOR_HEADROOM,
                        limit), e);
            }
            throw e;
        }
    }
}
