package book.ch01.capacity;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Measures what holding many idle connections costs a server: opens them on loopback, checks
 * each with one echoed probe, and compares the server process's footprint before and after.
 * The server runs either in a child process ({@link #measureInChild}: the figures are the
 * server's alone, and each process needs one descriptor per connection) or in this one
 * ({@link #measure}: both ends here, two descriptors per connection).
 */
public final class IdleConnections {

    /** Descriptors the JVM itself needs besides the sockets: jars, the selector, pipes, logs. */
    static final int DESCRIPTOR_HEADROOM = 200;

    private IdleConnections() {
    }

    /**
     * What the connections cost: the server process's footprint before opening them and while
     * holding them all; {@code serverOnly} when the server ran in a process of its own.
     */
    public record Report(EchoServerKind server, int connections, ProcessFootprint before, ProcessFootprint held,
                         boolean serverOnly) {

        public long heapBytesPerConnection() {
            return (held.heapBytes() - before.heapBytes()) / connections;
        }

        public long residentBytesPerConnection() {
            return (held.residentBytes() - before.residentBytes()) / connections;
        }
    }

    // tag::measure[]
    public static Report measure(EchoServerKind kind, int connections, Duration timeout) throws IOException {
        requireDescriptors(connections, 2);
        try (EchoServerKind.Running server = kind.start(connections)) {
            ProcessFootprint before = ProcessFootprint.now();
            List<Socket> open = new ArrayList<>(connections);
            try {
                openAll(open, kind, server.port(), connections, timeout, 2);
                return new Report(kind, open.size(), before, ProcessFootprint.now(), false);
            } finally {
                closeAll(open);
            }
        }
    }
    // end::measure[]

    // tag::measure-child[]
    /** As {@link #measure}, with the server in a child JVM: only its footprint is measured. */
    public static Report measureInChild(EchoServerKind kind, int connections, Duration timeout) throws IOException {
        requireDescriptors(connections, 1);
        try (ChildServer server = ChildServer.start(kind, connections, timeout)) {
            ProcessFootprint before = server.footprint();
            List<Socket> open = new ArrayList<>(connections);
            try {
                openAll(open, kind, server.port(), connections, timeout, 1);
                return new Report(kind, open.size(), before, server.footprint(), true);
            } finally {
                closeAll(open);
            }
        }
    }
    // end::measure-child[]

    private static void openAll(List<Socket> open, EchoServerKind kind, int port, int connections, Duration timeout,
                                int perConnection) throws IOException {
        for (int i = 0; i < connections; i++) {
            open.add(connectAndEcho(port, kind.probe((byte) i), timeout, connections, perConnection));
        }
    }

    private static void closeAll(List<Socket> open) throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
    }

    /** Descriptors a process needs for {@code connections}, with {@code perConnection} of them each. */
    static long descriptorsNeeded(int connections, int perConnection) {
        return (long) perConnection * connections + DESCRIPTOR_HEADROOM;
    }

    private static void requireDescriptors(int connections, int perConnection) throws IOException {
        long needed = descriptorsNeeded(connections, perConnection);
        OptionalLong limit = FileDescriptorLimit.soft();
        if (limit.isPresent() && limit.getAsLong() < needed) {
            throw new IOException(FileDescriptorLimit.tooLow(connections, perConnection, limit.getAsLong()));
        }
    }

    private static Socket connectAndEcho(int port, byte[] probe, Duration timeout, int connections, int perConnection)
            throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(millis);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis);
            socket.getOutputStream().write(probe);
            InputStream in = socket.getInputStream();
            byte[] echoed = in.readNBytes(probe.length);
            if (!Arrays.equals(echoed, probe)) {
                throw new IOException("connection " + socket.getLocalPort() + " is not alive: sent "
                        + Arrays.toString(probe) + ", read " + Arrays.toString(echoed));
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            if (String.valueOf(e.getMessage()).contains("Too many open files")) {
                long limit = FileDescriptorLimit.soft().orElse(-1);
                throw new IOException(FileDescriptorLimit.tooLow(connections, perConnection, limit), e);
            }
            throw e;
        }
    }
}
