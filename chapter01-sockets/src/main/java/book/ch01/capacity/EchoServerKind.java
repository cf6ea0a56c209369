package book.ch01.capacity;

import book.ch01.echo.BlockingServer;
import book.ch01.echo.EchoHandler;
import book.ch01.echo.ServerConfig;
import book.ch01.echo.ThreadModel;
import book.ch01.framing.FrameFormat;
import book.ch01.nio.FramedEchoConfig;
import book.ch01.nio.FramedEchoServer;
import book.ch01.nio.NioEchoConfig;
import book.ch01.nio.NioEchoServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** The chapter's three ways to serve echo connections, started with room for a given number of them. */
public enum EchoServerKind {

    /** The blocking server, a virtual thread per connection. */
    VIRTUAL("virtual", "blocking server, a virtual thread per connection"),
    /** The blocking server on a fixed pool of platform threads, one per connection it must hold. */
    POOL("pool", "blocking server, a pool of platform threads as large as the connection count"),
    /** The selector server: one thread for every connection. */
    NIO("nio", "selector server, one thread"),
    /** The framed selector server: one event loop per CPU and an acceptor; speaks frames. */
    FRAMED("framed", "framed selector server, one event loop per CPU");

    /** Long enough that no connection is closed as idle while it is being counted. */
    static final Duration PATIENT_TIMEOUT = Duration.ofMinutes(10);

    private final String option;
    private final String description;

    EchoServerKind(String option, String description) {
        this.option = option;
        this.description = description;
    }

    public String option() {
        return option;
    }

    public String description() {
        return description;
    }

    public static EchoServerKind fromOption(String value) {
        for (EchoServerKind kind : values()) {
            if (kind.option.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("server must be virtual, pool, nio or framed, not '" + value + "'");
    }

    /** What to send to check that a connection is alive; the server echoes it unchanged. */
    public byte[] probe(byte value) {
        return this == FRAMED
                ? ByteBuffer.allocate(FrameFormat.HEADER_BYTES + 1).putInt(1).put(value).array()
                : new byte[] {value};
    }

    /** A running server on loopback; closing it shuts it down gracefully. */
    public interface Running extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    public Running start(int connections) throws IOException {
        return switch (this) {
            case VIRTUAL, POOL -> {
                ServerConfig config = ServerConfig.defaults().withMaxConnections(connections).withBacklog(1024)
                        .withReadTimeout(PATIENT_TIMEOUT)
                        .withThreadModel(this == POOL ? ThreadModel.platformPool(connections) : ThreadModel.virtualThreads());
                BlockingServer server = BlockingServer.start(config, new EchoHandler());
                yield running(server.port(), server);
            }
            case NIO -> {
                NioEchoServer server = NioEchoServer.start(NioEchoConfig.defaults().withMaxConnections(connections)
                        .withIdleTimeout(PATIENT_TIMEOUT));
                yield running(server.port(), server);
            }
            case FRAMED -> {
                FramedEchoServer server = FramedEchoServer.start(FramedEchoConfig.defaults()
                        .withMaxConnections(connections).withIdleTimeout(PATIENT_TIMEOUT));
                yield running(server.port(), server);
            }
        };
    }

    private static Running running(int port, AutoCloseable server) {
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the server on port " + port + ": " + e, e);
                }
            }
        };
    }
}
